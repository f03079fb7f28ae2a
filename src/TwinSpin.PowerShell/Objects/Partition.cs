namespace TwinSpin;

/// <summary>One key range of a job's partition tree (TwinSpin.Partition). LowerBound is inclusive,
/// UpperBound exclusive; $null means unbounded.</summary>
public sealed class Partition
{
    public long JobId { get; init; }

    public long Id { get; init; }

    /// <summary>Same as <see cref="Id"/>, so a partition binds -PartitionId of Get-TwinSpinDiscrepancy by property name.</summary>
    public long PartitionId => Id;

    public long? ParentId { get; init; }

    public int Depth { get; init; }

    public object[]? LowerBound { get; init; }

    public object[]? UpperBound { get; init; }

    public string Range { get; init; } = string.Empty;

    public string Status { get; init; } = string.Empty;

    public long SourceRows { get; init; }

    public long TargetRows { get; init; }

    public long Discrepancies { get; init; }

    public DateTime? StartedAt { get; init; }

    public DateTime? CompletedAt { get; init; }

    public string Store { get; init; } = string.Empty;

    public override string ToString() => $"{Id} {Range} {Status}";
}
