using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Runner;

/// <summary>Where a stored job stopped: every partition as the store holds it. Settled ranges (Matched, Mismatched
/// with their discrepancies, Split with their children) are kept; the others are done again.</summary>
public sealed record ResumePoint(IReadOnlyList<PartitionRecord> Partitions)
{
    public static bool IsSettled(PartitionStatus status) => status is PartitionStatus.Matched or PartitionStatus.Mismatched;

    /// <summary>The ranges to do again: never finished (Pending, or Incomplete after a stop).</summary>
    public IEnumerable<PartitionRecord> Unsettled =>
        Partitions.Where(p => p.Status is not (PartitionStatus.Matched or PartitionStatus.Mismatched or PartitionStatus.Split));
}
