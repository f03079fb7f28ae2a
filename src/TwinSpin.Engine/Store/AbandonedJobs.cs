namespace TwinSpin.Engine.Store;

/// <summary>
/// A job whose process was killed stays "Running" in the store with a heartbeat that stopped.
/// Readers settle such jobs as Failed, so nobody waits on them; what they found stays stored, and
/// Resume-TwinSpinJob continues them. On the process's own host it is known at once that it is gone.
/// </summary>
public static class AbandonedJobs
{
    /// <summary>Heartbeats come twice a second; this much silence means the process is gone.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<JobRecord> SettleAsync(IJobStore store, JobRecord job, CancellationToken cancellationToken)
    {
        var lastSign = job.HeartbeatAt ?? job.StartedAt;
        if (!job.IsActive || lastSign is null || DateTime.UtcNow - lastSign.Value < Timeout && !ProcessOwner.IsGone(job.Owner))
        {
            return job;
        }

        var error = $"Abandoned: the process running this job ({ProcessOwner.Display(job.Owner)}) stopped " +
            $"(last heartbeat {lastSign.Value:yyyy-MM-dd HH:mm:ss} UTC). Discrepancies found before that are kept: Resume-TwinSpinJob continues it.";
        var completedAt = lastSign.Value;
        await store.FinishJobAsync(job.Id, JobStatus.Failed, completedAt, error, cancellationToken).ConfigureAwait(false);
        return job with { Status = JobStatus.Failed, Error = error, CompletedAt = completedAt };
    }
}
