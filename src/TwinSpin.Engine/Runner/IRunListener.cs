using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Runner;

/// <summary>A snapshot of a run's progress.</summary>
public sealed record RunProgress(
    long PartitionsDone,
    long PartitionsKnown,
    long ProcessedRows,
    long TotalRows,
    long Discrepancies,
    TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? ProcessedRows / Elapsed.TotalSeconds : 0;

    public int PercentComplete => TotalRows > 0 ? (int)Math.Clamp(ProcessedRows * 100 / TotalRows, 0, 100) : 0;

    /// <summary>The rest of the rows at the rate so far; null before there is a rate or a total.</summary>
    public TimeSpan? Remaining => RowsPerSecond > 0 && TotalRows > 0
        ? TimeSpan.FromSeconds(Math.Max(0, TotalRows - ProcessedRows) / RowsPerSecond)
        : null;

    /// <summary>A job's progress as the store last recorded it (the runner writes it several times a second).</summary>
    public static RunProgress Of(JobRecord job, DateTime utcNow)
    {
        long Count(PartitionStatus status) => job.PartitionCounts.TryGetValue(status, out var n) ? n : 0;
        var known = job.PartitionCounts.Values.Sum();
        var end = job.CompletedAt ?? utcNow;
        return new RunProgress(known - Count(PartitionStatus.Pending), known, job.ProcessedRows, job.TotalRows, job.DiscrepanciesFound,
            job.StartedAt is { } start && end > start ? end - start : TimeSpan.Zero);
    }
}

/// <summary>
/// Receives what a run finds, as it finds it. Called from worker threads, possibly concurrently:
/// implementations hand the data off (to a queue, to the store writer) and return quickly.
/// </summary>
public interface IRunListener
{
    /// <summary>A partition was created or changed status; <paramref name="found"/> holds the discrepancies it yielded.</summary>
    void OnPartition(PartitionRecord partition, IReadOnlyList<Discrepancy> found);

    /// <summary>A range was split: the parent's new status and every child's, as one unit (the store writes them in
    /// one transaction, so a crash never leaves a split parent without its children).</summary>
    void OnSplit(PartitionRecord parent, IReadOnlyList<PartitionRecord> children)
    {
        OnPartition(parent, []);
        foreach (var child in children)
        {
            OnPartition(child, []);
        }
    }

    void OnProgress(RunProgress progress);

    void OnWarning(string message);
}
