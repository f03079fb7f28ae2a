using TwinSpin.Engine.Diffing;
namespace TwinSpin.Engine.Store;

/// <summary>
/// Where jobs, their partition trees and every discrepancy are kept, so a job can be watched from
/// another session, stopped, queried and exported. Implementations are safe to share between
/// threads and between processes.
/// </summary>
public interface IJobStore : IAsyncDisposable
{
    /// <summary>Where the store is, without secrets (for messages).</summary>
    string Location { get; }

    Task<long> CreateJobAsync(JobDefinition definition, DateTime startedAt, CancellationToken cancellationToken);

    /// <summary>Writes partitions (inserted or updated), discrepancies and the job's counters in one transaction.</summary>
    Task WriteAsync(StoreBatch batch, CancellationToken cancellationToken);

    /// <summary>Replaces the job's warnings with these (every warning so far, in order).</summary>
    Task RecordWarningsAsync(long jobId, IReadOnlyList<string> warnings, CancellationToken cancellationToken);

    Task FinishJobAsync(long jobId, JobStatus status, DateTime completedAt, string? error, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a stopped, failed or abandoned job for this process to resume, if it still has had
    /// <paramref name="seenRuns"/> runs (of two resumes at once only one wins): marks it Running and owned here,
    /// and puts its unfinished ranges back to Pending. False when another process claimed or runs it.
    /// </summary>
    Task<bool> ClaimForResumeAsync(long jobId, long seenRuns, CancellationToken cancellationToken);

    Task<JobRecord?> GetJobAsync(long jobId, CancellationToken cancellationToken);

    Task<IReadOnlyList<JobRecord>> GetJobsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<PartitionRecord>> GetPartitionsAsync(PartitionQuery query, CancellationToken cancellationToken);

    IAsyncEnumerable<DiscrepancyRecord> GetDiscrepanciesAsync(DiscrepancyQuery query, CancellationToken cancellationToken);

    /// <summary>Marks discrepancies as resolved in flight (a recheck found their rows equal) and takes them out of the job's count.</summary>
    Task MarkResolvedAsync(long jobId, IReadOnlyList<long> discrepancyIds, DateTime resolvedAt, CancellationToken cancellationToken);

    /// <summary>How many discrepancies of each type a job has, those resolved in flight left out (types it has none of are absent).</summary>
    Task<IReadOnlyDictionary<DiscrepancyType, long>> GetDiscrepancyCountsAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>Asks the process running the job to stop; it sees the request within a second.</summary>
    Task<bool> RequestStopAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>Records that the process running the job is alive, and returns whether a stop was requested.</summary>
    Task<bool> HeartbeatAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>Deletes a job with its partitions and discrepancies.</summary>
    Task<bool> RemoveJobAsync(long jobId, CancellationToken cancellationToken);
}
