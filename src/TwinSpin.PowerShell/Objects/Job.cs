namespace TwinSpin;

/// <summary>A reconciliation job as recorded in the job store (TwinSpin.Job).</summary>
public sealed class Job
{
    public long Id { get; init; }

    /// <summary>Same as <see cref="Id"/>, so a job binds -JobId of the other cmdlets by property name.</summary>
    public long JobId => Id;

    public string Name { get; init; } = string.Empty;

    public string Status { get; init; } = string.Empty;

    public string Source { get; init; } = string.Empty;

    public string Target { get; init; } = string.Empty;

    public string[] KeyColumns { get; init; } = [];

    public string[] Columns { get; init; } = [];

    public string Strategy { get; init; } = string.Empty;

    public DateTime? StartedAt { get; init; }

    public DateTime? CompletedAt { get; init; }

    public TimeSpan? Duration => StartedAt is { } start ? (CompletedAt ?? DateTime.UtcNow) - start : null;

    public long TotalRows { get; init; }

    public long ProcessedRows { get; init; }

    /// <summary>Rows of both sides compared so far, as a percentage of TotalRows (100 once the job completed).</summary>
    public double PercentComplete { get; init; }

    /// <summary>Rows of both sides compared per second, from the start to the end (or to now, while it runs).</summary>
    public double RowsPerSecond { get; init; }

    /// <summary>While the job runs: the time the rest of its rows take at the rate so far.</summary>
    public TimeSpan? Remaining { get; init; }

    public long DiscrepanciesFound { get; init; }

    public long PartitionsMatched { get; init; }

    public long PartitionsMismatched { get; init; }

    public long PartitionsSplit { get; init; }

    public long PartitionsPending { get; init; }

    /// <summary>Partitions a failed or cancelled job never finished.</summary>
    public long PartitionsIncomplete { get; init; }

    public bool StopRequested { get; init; }

    /// <summary>How many times the job has run: 1, plus one per Resume-TwinSpinJob.</summary>
    public long Runs { get; init; } = 1;

    /// <summary>Discrepancies the run found that no longer differed when rechecked (-Recheck): kept in the store, not counted
    /// in DiscrepanciesFound; Get-TwinSpinDiscrepancy -IncludeResolved shows them.</summary>
    public long ResolvedInFlight { get; init; }

    public string? Error { get; init; }

    /// <summary>Every warning the job wrote, e.g. that the hash contract self-check made it fetch rows.</summary>
    public string[] Warnings { get; init; } = [];

    /// <summary>The job store this job lives in; binds -Store of the other cmdlets.</summary>
    public string Store { get; init; } = string.Empty;

    public override string ToString() => $"Job {Id} ({Name}): {Status}";
}
