namespace TwinSpin.Engine;

/// <summary>Stable error identities; the cmdlets turn each into an ErrorId "TwinSpin.&lt;code&gt;".</summary>
public enum ErrorCode
{
    ConnectionFailed,
    TableNotFound,
    ColumnNotFound,
    NoKey,
    NullKey,
    KeyNotUnique,
    TypeMismatch,
    InvalidArgument,
    StoreUnavailable,
    JobNotFound,
    JobRunning,
    QueryFailed,
    ProviderNotSupported,
    DriverNotFound,
    /// <summary>A stored job's connection needs a secret that was never stored: pass -Credential or -Source/-Target.</summary>
    CredentialRequired,
    /// <summary>A resumed job's tables no longer have the columns or key it compares.</summary>
    SchemaChanged,
    /// <summary>A report file cannot be written (no such folder, no permission, the disk full); no partial file is left.</summary>
    ReportWriteFailed,
}

/// <summary>A failure the user can act on. Messages never carry connection secrets.</summary>
public sealed class TwinSpinException : Exception
{
    public TwinSpinException(ErrorCode code, string message, Exception? inner = null) : base(message, inner)
    {
        Code = code;
    }

    public ErrorCode Code { get; }

    /// <summary>The object the error is about (a table, a column, a job id), for the error record's target.</summary>
    public object? Target { get; init; }
}
