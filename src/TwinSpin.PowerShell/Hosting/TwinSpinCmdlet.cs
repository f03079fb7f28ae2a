using System.Management.Automation;
using TwinSpin.Engine.Store;
using EngineError = TwinSpin.Engine.TwinSpinException;
using EngineErrorCode = TwinSpin.Engine.ErrorCode;

namespace TwinSpin.Hosting;

/// <summary>
/// What every TwinSpin cmdlet shares: finding the job store, running engine work off the pipeline
/// thread with Ctrl+C honoured, and turning engine failures into error records with stable ErrorIds.
/// </summary>
public abstract class TwinSpinCmdlet : PSCmdlet
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Job store: a SQLite file path. Default: $env:TWINSPIN_STORE, else ~/.twinspin/twinspin.db.</summary>
    public virtual string? Store { get; set; }

    private CancellationToken StopToken => _stopping.Token;

    protected override void StopProcessing() => _stopping.Cancel();

    protected override void EndProcessing() => _stopping.Dispose();

    /// <summary>The store: a PostgreSQL connection string as is, a file path resolved against the current PowerShell location.</summary>
    internal string StoreLocation
    {
        get
        {
            var location = JobStores.ResolveLocation(Store);
            return JobStores.IsServer(location) ? location : GetUnresolvedProviderPathFromPSPath(location);
        }
    }

    /// <summary>The store as objects and messages show it: without secrets.</summary>
    internal string StoreDisplay => JobStores.IsServer(StoreLocation) ? Engine.Endpoints.ConnectionStrings.Redact(StoreLocation) : StoreLocation;

    /// <summary>Runs engine work; writes posted to the pump reach the pipeline as they happen.</summary>
    internal T RunEngine<T>(Func<PipelinePump, CancellationToken, Task<T>> work)
    {
        var pump = new PipelinePump();
        return pump.Run(token => work(pump, token), StopToken);
    }

    /// <summary>Runs work against the job store. A store named explicitly (-Store or $env:TWINSPIN_STORE)
    /// must exist unless <paramref name="create"/>: a mistyped path is an error, not an empty new store.</summary>
    internal T WithStore<T>(Func<IJobStore, CancellationToken, Task<T>> work, bool create = false)
    {
        var location = StoreLocation;
        var mustExist = !create && JobStores.IsExplicit(Store);
        return RunEngine(async (_, token) =>
        {
            await using var store = await JobStores.OpenAsync(location, mustExist, token).ConfigureAwait(false);
            return await work(store, token).ConfigureAwait(false);
        });
    }

    /// <summary>An unusable store stops the command (nothing can go on); any other failure concerns this one input.</summary>
    internal void ReportError(Exception exception, object? target)
    {
        var record = ToErrorRecord(exception, target);
        if (record.FullyQualifiedErrorId == "TwinSpin." + EngineErrorCode.StoreUnavailable)
        {
            ThrowTerminatingError(record);
        }

        WriteError(record);
    }

    /// <summary>A job that failed after it was recorded: its error (the job id as target), then the job as it ended,
    /// what it found kept.</summary>
    internal void WriteFailedJob(Engine.Runner.JobFailedException failed)
    {
        var record = ToErrorRecord(failed.InnerException!, failed.Job.Id);
        WriteError(new ErrorRecord(new TwinSpinException(record.FullyQualifiedErrorId, failed.Message), record.FullyQualifiedErrorId,
            record.CategoryInfo.Category, failed.Job.Id));
        WriteObject(PipelineObjects.ToJob(failed.Job, StoreDisplay));
    }

    internal static ErrorRecord ToErrorRecord(Exception exception, object? target)
    {
        if (exception is EngineError engine)
        {
            var id = "TwinSpin." + engine.Code;
            return new ErrorRecord(new TwinSpinException(id, engine.Message), id, Category(engine.Code), engine.Target ?? target);
        }

        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            return ToErrorRecord(aggregate.InnerExceptions[0], target);
        }

        return new ErrorRecord(new TwinSpinException("TwinSpin.Unexpected", exception.Message), "TwinSpin.Unexpected", ErrorCategory.NotSpecified, target);
    }

    internal static ErrorRecord Error(string id, string message, ErrorCategory category, object? target) =>
        new(new TwinSpinException("TwinSpin." + id, message), "TwinSpin." + id, category, target);

    private static ErrorCategory Category(EngineErrorCode code) => code switch
    {
        EngineErrorCode.ConnectionFailed => ErrorCategory.ConnectionError,
        EngineErrorCode.TableNotFound or EngineErrorCode.ColumnNotFound or EngineErrorCode.JobNotFound => ErrorCategory.ObjectNotFound,
        EngineErrorCode.NoKey or EngineErrorCode.InvalidArgument => ErrorCategory.InvalidArgument,
        EngineErrorCode.NullKey or EngineErrorCode.KeyNotUnique => ErrorCategory.InvalidData,
        EngineErrorCode.TypeMismatch => ErrorCategory.InvalidType,
        EngineErrorCode.StoreUnavailable => ErrorCategory.ResourceUnavailable,
        EngineErrorCode.JobRunning => ErrorCategory.ResourceBusy,
        EngineErrorCode.ProviderNotSupported => ErrorCategory.NotImplemented,
        EngineErrorCode.DriverNotFound => ErrorCategory.NotInstalled,
        EngineErrorCode.CredentialRequired => ErrorCategory.AuthenticationError,
        EngineErrorCode.SchemaChanged => ErrorCategory.MetadataError,
        _ => ErrorCategory.InvalidOperation,
    };
}
