namespace TwinSpin;

/// <summary>The exception inside TwinSpin error records; <see cref="ErrorId"/> is stable.</summary>
public sealed class TwinSpinException : Exception
{
    internal TwinSpinException(string errorId, string message) : base(message)
    {
        ErrorId = errorId;
    }

    public string ErrorId { get; }
}
