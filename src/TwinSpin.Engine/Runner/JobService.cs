using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// Runs comparisons end to end: checks the input, verifies the hash contract on both sides before
/// trusting checksums (<see cref="PushdownGuard"/>), records the job and its warnings, runs the ranges,
/// honours stop requests made through the store, and settles the job's final status. Whatever was found
/// before a failure or a cancellation stays in the store.
/// </summary>
public static class JobService
{
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Runs a stored job. Throws <see cref="JobFailedException"/> (carrying the job) when it fails after it was recorded.</summary>
    public static Task<JobRecord> RunJobAsync(CompareRequest request, IJobStore store, IRunListener listener, CancellationToken cancellationToken) =>
        RunJobAsync(request, Task.FromResult(store), listener, cancellationToken);

    /// <summary>
    /// Runs a stored job in the store <paramref name="openStore"/> opens while both endpoints are being read, so a fresh
    /// session's first job waits for the store's first opening and the first connections at once, not one after the
    /// other. The store is closed when the job ends, or when the endpoints fail their checks (nothing is recorded then).
    /// </summary>
    public static async Task<JobRecord> RunJobAsync(CompareRequest request, Func<CancellationToken, Task<IJobStore>> openStore, IRunListener listener,
        CancellationToken cancellationToken)
    {
        var opening = Task.Run(() => openStore(cancellationToken), cancellationToken);
        try
        {
            return await RunJobAsync(request, opening, listener, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (await OpenedOrNullAsync(opening).ConfigureAwait(false) is { } store)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<IJobStore?> OpenedOrNullAsync(Task<IJobStore> opening)
    {
        try
        {
            return await opening.ConfigureAwait(false);
        }
        catch (Exception)
        {
            return null; // the job already failed on it, or failed before it needed the store
        }
    }

    private static async Task<JobRecord> RunJobAsync(CompareRequest request, Task<IJobStore> opening, IRunListener listener, CancellationToken cancellationToken)
    {
        var warnings = new WarningLog(listener);
        (request, var plan, var sourceSchema, var targetSchema) = await Preflight.PlanAsync(request, warnings.OnWarning, cancellationToken).ConfigureAwait(false);
        await Preflight.CheckKeysAsync(request, plan, sourceSchema, targetSchema, cancellationToken).ConfigureAwait(false);
        (request, plan) = await PushdownGuard.ChooseAsync(request, plan, warnings.OnWarning, cancellationToken).ConfigureAwait(false);

        var store = await opening.ConfigureAwait(false);
        var name = string.IsNullOrWhiteSpace(request.Name) ? DefaultName(request) : request.Name!;
        var definition = new JobDefinition(name, request.Source, request.Target, plan, request.Where, request.Range, request.Options);
        var jobId = await store.CreateJobAsync(definition, DateTime.UtcNow, cancellationToken).ConfigureAwait(false);
        // Recorded at once, so a session watching the job sees why it fetches rows while it runs.
        var recordedWarnings = warnings.Warnings.Count;
        await store.RecordWarningsAsync(jobId, warnings.Warnings, cancellationToken).ConfigureAwait(false);

        return await RunRecordedAsync(store, jobId, request, plan, warnings, recordedWarnings, resume: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Continues a stored job that was stopped, failed or abandoned (its process killed): ranges already settled
    /// are kept, the others done again, so the discrepancies are exactly those of an uninterrupted run. The
    /// endpoints come back from the stored job; secrets were never stored, so <paramref name="endpoints"/> gives
    /// them back. Both tables must still have the columns and key the job compares. A completed job is returned
    /// as it is, with a warning.
    /// </summary>
    public static async Task<JobRecord> ResumeJobAsync(long jobId, IJobStore store, ResumeEndpoints endpoints, IRunListener listener,
        CancellationToken cancellationToken)
    {
        var job = await store.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false)
            ?? throw new TwinSpinException(ErrorCode.JobNotFound, $"Job {jobId} does not exist in the store '{store.Location}'.") { Target = jobId };
        if (job.Status == JobStatus.Completed)
        {
            listener.OnWarning($"Job {jobId} completed already: there is nothing to resume. Start-TwinSpinJob runs it again from the start.");
            return job;
        }

        if (job.IsActive)
        {
            throw HeldElsewhere(job);
        }

        var definition = job.Definition;
        var source = endpoints.Restore(definition.Source, Side.Source, jobId);
        var target = endpoints.Restore(definition.Target, Side.Target, jobId);
        await ResumeCheck.SameTablesAsync(definition, source, target, cancellationToken).ConfigureAwait(false);
        if (!await store.ClaimForResumeAsync(jobId, job.Runs, cancellationToken).ConfigureAwait(false))
        {
            throw HeldElsewhere(await store.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false) ?? job);
        }

        var partitions = await store.GetPartitionsAsync(new PartitionQuery(jobId), cancellationToken).ConfigureAwait(false);
        var request = new CompareRequest(source, target)
        {
            Where = definition.Where,
            Range = definition.Range,
            Options = definition.Options,
            Name = definition.Name,
        };
        var warnings = new WarningLog(listener, job.Warnings);
        return await RunRecordedAsync(store, jobId, request, definition.Plan, warnings, job.Warnings.Count, new ResumePoint(partitions),
            cancellationToken).ConfigureAwait(false);
    }

    private static TwinSpinException HeldElsewhere(JobRecord job) => new(ErrorCode.JobRunning,
        $"Job {job.Id} is held by a live process ({ProcessOwner.Display(job.Owner)}, last heartbeat " +
        $"{job.HeartbeatAt:yyyy-MM-dd HH:mm:ss} UTC): stop it with Stop-TwinSpinJob, or wait for it to end, before resuming it.") { Target = job.Id };

    /// <summary>Runs the ranges of a recorded job (from its root, or from where it stopped) and settles its final status.</summary>
    private static async Task<JobRecord> RunRecordedAsync(IJobStore store, long jobId, CompareRequest request, ComparePlan plan, WarningLog warnings,
        int recordedWarnings, ResumePoint? resume, CancellationToken cancellationToken)
    {
        var writer = new StoreWriter(store, jobId);
        var comparer = new RangeComparer(request, plan, new CompositeListener(writer, warnings), resume);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = HeartbeatAsync(store, jobId, stop);

        JobStatus status;
        Exception? failure = null;
        try
        {
            await comparer.RunAsync(stop.Token).ConfigureAwait(false);
            status = JobStatus.Completed;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            status = JobStatus.Cancelled;
        }
        catch (Exception e)
        {
            status = JobStatus.Failed;
            failure = e;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }

        var summary = comparer.Summary();
        try
        {
            await writer.FlushAndCloseAsync(new RunProgress(summary.Partitions, summary.Partitions, summary.ProcessedRows, summary.TotalRows,
                summary.Discrepancies, TimeSpan.Zero)).ConfigureAwait(false);
        }
        catch (Exception e) when (failure is null)
        {
            status = JobStatus.Failed;
            failure = e;
        }

        if (status == JobStatus.Completed && request.Options.RecheckCount > 0)
        {
            (status, failure) = await RecheckAsync(store, jobId, request, plan, cancellationToken).ConfigureAwait(false);
        }

        var error = failure is null ? null : Describe(failure);
        if (warnings.Warnings.Count > recordedWarnings)
        {
            await store.RecordWarningsAsync(jobId, warnings.Warnings, CancellationToken.None).ConfigureAwait(false);
        }

        await store.FinishJobAsync(jobId, status, DateTime.UtcNow, error, CancellationToken.None).ConfigureAwait(false);
        var record = await store.GetJobAsync(jobId, CancellationToken.None).ConfigureAwait(false)
            ?? throw new TwinSpinException(ErrorCode.JobNotFound, $"Job {jobId} was removed from the store while it ran; its results are gone.") { Target = jobId };
        if (failure is not null)
        {
            throw new JobFailedException(record, failure);
        }

        return record;
    }

    /// <summary>Compares without a store: discrepancies reach only the listener.</summary>
    public static async Task<RunSummary> CompareAsync(CompareRequest request, IRunListener listener, CancellationToken cancellationToken)
    {
        (request, var plan, _, _) = await Preflight.PlanAsync(request, listener.OnWarning, cancellationToken).ConfigureAwait(false);
        (request, plan) = await PushdownGuard.ChooseAsync(request, plan, listener.OnWarning, cancellationToken).ConfigureAwait(false);
        return await new RangeComparer(request, plan, listener).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps the job's heartbeat fresh (so a killed process is noticed) and watches for stop requests.</summary>
    /// <summary>The recheck of rows in flight, with the job still Running: heartbeats go on, and a stop request or
    /// Ctrl+C ends it as Cancelled with every discrepancy kept (those not rechecked yet still stand).</summary>
    private static async Task<(JobStatus, Exception?)> RecheckAsync(IJobStore store, long jobId, CompareRequest request, ComparePlan plan,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = HeartbeatAsync(store, jobId, stop);
        try
        {
            await InFlightRecheck.RunAsync(store, jobId, request, plan, stop.Token).ConfigureAwait(false);
            return (JobStatus.Completed, null);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return (JobStatus.Cancelled, null);
        }
        catch (Exception e)
        {
            return (JobStatus.Failed, e);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }
    }

    private static async Task HeartbeatAsync(IJobStore store, long jobId, CancellationTokenSource stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(HeartbeatInterval, stop.Token).ConfigureAwait(false);
                if (await store.HeartbeatAsync(jobId, stop.Token).ConfigureAwait(false))
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Describe(Exception e) => e is TwinSpinException t ? $"{t.Code}: {t.Message}" : $"{e.GetType().Name}: {e.Message}";

    private static string DefaultName(CompareRequest request) =>
        request.Source.Table == request.Target.Table ? request.Source.Table : $"{request.Source.Table} vs {request.Target.Table}";
}

/// <summary>A recorded job failed; <see cref="Job"/> holds its final state (status Failed, the error, what was found).</summary>
public sealed class JobFailedException(JobRecord job, Exception inner)
    : Exception($"Job {job.Id} ('{job.Definition.Name}') failed: {inner.Message} Discrepancies found before the failure are kept in the store.", inner)
{
    public JobRecord Job { get; } = job;
}
