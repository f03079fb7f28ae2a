using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Reports;

/// <summary>What a report is written from: the job, its partitions (all in memory: a few hundred bytes each),
/// and its discrepancies, streamed from the store in the order the job found them so a million never sit in memory.</summary>
public sealed record ReportInput(
    JobRecord Job,
    IReadOnlyList<PartitionRecord> Partitions,
    Func<CancellationToken, IAsyncEnumerable<DiscrepancyRecord>> Discrepancies)
{
    /// <summary>When the report was made (UTC); reports say it in their header.</summary>
    public DateTime GeneratedAt { get; init; } = DateTime.UtcNow;

    public static async Task<ReportInput> ReadAsync(IJobStore store, JobRecord job, CancellationToken cancellationToken)
    {
        var partitions = await store.GetPartitionsAsync(new PartitionQuery(job.Id), cancellationToken).ConfigureAwait(false);
        return new ReportInput(job, partitions, token => store.GetDiscrepanciesAsync(new DiscrepancyQuery(job.Id), token));
    }
}
