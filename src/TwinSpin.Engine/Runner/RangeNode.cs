using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Runner;

/// <summary>A range being worked on, with both sides' statistics.</summary>
internal sealed class RangeNode(long id, long? parentId, int depth, KeyRange range, BucketStats? source, BucketStats? target, SplitMode mode,
    bool hasChecksums)
{
    public long Id { get; } = id;
    public long? ParentId { get; } = parentId;
    public int Depth { get; } = depth;
    public KeyRange Range { get; } = range;
    public BucketStats? Source { get; set; } = source;
    public BucketStats? Target { get; set; } = target;

    /// <summary>False for a child cut without counting: its row counts are an estimate until it is fetched.</summary>
    public bool Counted { get; set; } = true;

    /// <summary>A root whose row counts are the databases' statistics until its split counts its buckets.</summary>
    public bool RowsEstimated { get; set; }
    public SplitMode Mode { get; } = mode;

    /// <summary>The statistics include both sides' checksums (the root and -Strategy Rows have counts only).</summary>
    public bool HasChecksums { get; } = hasChecksums;
    public long SourceRows { get; set; } = source?.Rows ?? 0;
    public long TargetRows { get; set; } = target?.Rows ?? 0;
    public long LargerRows => Math.Max(SourceRows, TargetRows);
    public ulong SourceChecksum => Source?.Checksum ?? 0;
    public ulong TargetChecksum => Target?.Checksum ?? 0;

    /// <summary>Counts and checksums agree (meaningful when <see cref="HasChecksums"/>).</summary>
    public bool IsEqual => KnownEqual ?? (SourceRows == TargetRows && SourceChecksum == TargetChecksum);

    /// <summary>Nothing left to learn: counted empty on both sides, or counts and checksums agree.</summary>
    public bool IsSettled => Counted && SourceRows == 0 && TargetRows == 0 || HasChecksums && IsEqual;

    /// <summary>Set for a child merged from buckets: equal when every bucket was (its checksum is not theirs).</summary>
    public bool? KnownEqual { get; init; }

    /// <summary>A child merged from buckets: fetched whole, never split again (it is within the memory bound).</summary>
    public bool FetchWhole => KnownEqual is not null;

    /// <summary>The share of its siblings (itself included) whose counts or checksums differ.</summary>
    public double UnequalSiblings { get; set; }

    public PartitionRecord Record(PartitionStatus status) =>
        new(0, Id, ParentId, Depth, Range, status) { SourceRows = SourceRows, TargetRows = TargetRows };
}
