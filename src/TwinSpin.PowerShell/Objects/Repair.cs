namespace TwinSpin;

/// <summary>A repair script written by New-TwinSpinRepairScript (TwinSpin.RepairScript).</summary>
public sealed class RepairScript
{
    public long JobId { get; init; }

    /// <summary>TargetFromSource or SourceFromTarget.</summary>
    public string Direction { get; init; } = string.Empty;

    /// <summary>The endpoint the script changes, without secrets.</summary>
    public string Repairs { get; init; } = string.Empty;

    public long Inserts { get; init; }

    public long Updates { get; init; }

    public long Deletes { get; init; }

    /// <summary>Rows not repaired (changed since the job ran, duplicated keys): comments in the script say why.</summary>
    public long Skipped { get; init; }

    public string Path { get; init; } = string.Empty;

    public override string ToString() => Path;
}

/// <summary>What Invoke-TwinSpinRepair did, and what the re-check of the repaired rows found (TwinSpin.RepairResult).</summary>
public sealed class RepairResult
{
    public long JobId { get; init; }

    public string Direction { get; init; } = string.Empty;

    public string Repaired { get; init; } = string.Empty;

    public long Inserted { get; init; }

    public long Updated { get; init; }

    public long Deleted { get; init; }

    public long Skipped { get; init; }

    /// <summary>The skipped rows with the reason (at most 1,000).</summary>
    public string[] SkippedRows { get; init; } = [];

    /// <summary>Repaired rows that still differ when read again from both sides (0 when the repair converged).</summary>
    public int Remaining => RemainingDiscrepancies.Length;

    public Discrepancy[] RemainingDiscrepancies { get; init; } = [];

    public TimeSpan Duration { get; init; }

    public override string ToString() => $"Job {JobId}: {Inserted} inserted, {Updated} updated, {Deleted} deleted, {Skipped} skipped, {Remaining} remaining";
}
