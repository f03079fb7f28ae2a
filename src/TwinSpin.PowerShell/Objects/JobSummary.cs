namespace TwinSpin;

/// <summary>What a dashboard shows of a job store (TwinSpin.JobSummary, from Get-TwinSpinJob -Summary).</summary>
public sealed class JobSummary
{
    public int Jobs { get; init; }

    public int Pending { get; init; }

    public int Running { get; init; }

    public int Completed { get; init; }

    public int Failed { get; init; }

    public int Cancelled { get; init; }

    /// <summary>Completed jobs that found no discrepancy.</summary>
    public int InSync { get; init; }

    /// <summary>Discrepancies found by all the jobs.</summary>
    public long Discrepancies { get; init; }

    /// <summary>Rows of both sides compared by all the jobs.</summary>
    public long RowsCompared { get; init; }

    public DateTime? LastStartedAt { get; init; }

    public string Store { get; init; } = string.Empty;

    public override string ToString() => $"{Jobs} jobs: {Running} running, {Completed} completed, {Failed} failed, {Cancelled} cancelled";
}
