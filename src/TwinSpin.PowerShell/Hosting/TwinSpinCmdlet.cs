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
    internal string StoreDisplay => DisplayOf(StoreLocation);

    /// <summary>A store location as objects and messages show it: a server's connection string without secrets.</summary>
    internal static string DisplayOf(string location) => JobStores.IsServer(location) ? Engine.Endpoints.ConnectionStrings.Redact(location) : location;

    /// <summary>The store as shown, or null when -Store is a path PowerShell cannot resolve (the error then says so itself).</summary>
    private string? StoreDisplayOrNull()
    {
        try
        {
            return StoreDisplay;
        }
        catch (Exception e) when (e is not PipelineStoppedException)
        {
            return null;
        }
    }

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

    /// <summary>Streams a job's discrepancies to <paramref name="write"/> (on the pipeline thread) in batches, while the store
    /// is still being read, so millions never sit in memory. False when the job does not exist.</summary>
    internal bool StreamDiscrepancies(string location, DiscrepancyQuery query, Action<List<Discrepancy>> write)
    {
        var mustExist = JobStores.IsExplicit(Store);
        var display = DisplayOf(location);
        return RunEngine(async (pump, token) =>
        {
            await using var store = await JobStores.OpenAsync(location, mustExist, token).ConfigureAwait(false);
            if (await store.GetJobAsync(query.JobId, token).ConfigureAwait(false) is null)
            {
                return false;
            }

            var batch = new List<Discrepancy>(256);
            await foreach (var record in store.GetDiscrepanciesAsync(query, token).ConfigureAwait(false))
            {
                batch.Add(PipelineObjects.ToDiscrepancy(record.Discrepancy, record.JobId, record.PartitionId, display, record.ResolvedAt));
                if (batch.Count == 256)
                {
                    var full = batch;
                    pump.Post(() => write(full));
                    batch = new List<Discrepancy>(256);
                }
            }

            pump.Post(() => write(batch));
            return true;
        });
    }

    /// <summary>An unusable store stops the command (nothing can go on); any other failure concerns this one input.</summary>
    internal void ReportError(Exception exception, object? target)
    {
        var record = ToErrorRecord(exception, target, StoreDisplayOrNull());
        if (record.FullyQualifiedErrorId == "TwinSpin." + EngineErrorCode.StoreUnavailable)
        {
            ThrowTerminatingError(record);
        }

        WriteError(record);
    }

    /// <summary>A job that failed after it was recorded: its error (the job id as target), then the job as it ended,
    /// what it found kept. A failure of the store itself is told as the store's (where it is, what to do), not as
    /// the driver's bare message.</summary>
    internal void WriteFailedJob(Engine.Runner.JobFailedException failed)
    {
        WriteError(FailedJobError(failed, StoreDisplay));
        WriteObject(PipelineObjects.ToJob(failed.Job, StoreDisplay));
    }

    /// <summary>The error of a job that failed after it was recorded, with the job id as its target.</summary>
    internal static ErrorRecord FailedJobError(Engine.Runner.JobFailedException failed, string storeDisplay)
    {
        var record = ToErrorRecord(failed.InnerException!, failed.Job.Id, storeDisplay);
        var message = record.FullyQualifiedErrorId == "TwinSpin." + EngineErrorCode.StoreUnavailable && failed.InnerException is not EngineError
            ? $"Job {failed.Job.Id} ('{failed.Job.Definition.Name}') failed: {record.Exception.Message}"
            : failed.Message;
        return new ErrorRecord(new TwinSpinException(record.FullyQualifiedErrorId, message), record.FullyQualifiedErrorId,
            record.CategoryInfo.Category, failed.Job.Id);
    }

    /// <param name="store">The store the command uses (without secrets), for the message of a store failure.</param>
    internal static ErrorRecord ToErrorRecord(Exception exception, object? target, string? store = null)
    {
        if (exception is EngineError engine)
        {
            var id = "TwinSpin." + engine.Code;
            var message = engine.Message;
            if (engine.Code == EngineErrorCode.StoreUnavailable && engine.Target is string path && Directory.Exists(path))
            {
                message += $" '{path}' is a directory: -Store takes the path of a SQLite file, such as '{Path.Combine(path, "twinspin.db")}'.";
            }

            return new ErrorRecord(new TwinSpinException(id, message), id, Category(engine.Code), engine.Target ?? target);
        }

        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            return ToErrorRecord(aggregate.InnerExceptions[0], target, store);
        }

        if (exception is System.Data.Common.DbException or IOException or UnauthorizedAccessException && FromJobStore(exception))
        {
            return Error(nameof(EngineErrorCode.StoreUnavailable),
                $"The job store{(store is null ? string.Empty : $" '{store}'")} could not be written or read: {exception.Message} " +
                "Make room on its disk or make it writable (or choose another -Store); what was stored before this is kept.",
                ErrorCategory.ResourceUnavailable, store ?? target);
        }

        return new ErrorRecord(new TwinSpinException("TwinSpin.Unexpected", exception.Message), "TwinSpin.Unexpected", ErrorCategory.NotSpecified, target);
    }

    /// <summary>A driver failure of the job store (a full disk, a read-only file) reaches the cmdlets as the driver threw
    /// it, while the engine wraps those of endpoints: it is told apart by the store's code on its stack (the store, or
    /// the run's store writer, which rethrows what a write threw).</summary>
    private static bool FromJobStore(Exception exception) =>
        new System.Diagnostics.StackTrace(exception).GetFrames().Any(frame => IsStoreCode(frame.GetMethod()?.DeclaringType));

    private static bool IsStoreCode(Type? type)
    {
        for (; type is not null; type = type.DeclaringType) // async methods run in types nested in theirs
        {
            if (type.Namespace == typeof(IJobStore).Namespace || type == typeof(Engine.Runner.StoreWriter))
            {
                return true;
            }
        }

        return false;
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
        EngineErrorCode.ReportWriteFailed => ErrorCategory.WriteError,
        _ => ErrorCategory.InvalidOperation,
    };
}
