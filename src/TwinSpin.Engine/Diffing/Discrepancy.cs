using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Diffing;

public enum DiscrepancyType
{
    /// <summary>The row exists only in the source.</summary>
    MissingInTarget,
    /// <summary>The row exists only in the target.</summary>
    MissingInSource,
    /// <summary>Both sides have the key; at least one compared field differs.</summary>
    ValueMismatch,
    /// <summary>A key occurs more than once on one side; those rows are not compared.</summary>
    DuplicateKey,
}

/// <summary>One compared field whose values differ.</summary>
public sealed record FieldDifference(string Column, LogicalType Type, object? SourceValue, object? TargetValue);

/// <summary>One key value (column, type, value).</summary>
public sealed record KeyPart(string Column, LogicalType Type, object? Value);

/// <summary>One row-level difference between the two sides.</summary>
public sealed record Discrepancy(DiscrepancyType Type, IReadOnlyList<KeyPart> Key, IReadOnlyList<FieldDifference> Fields)
{
    /// <summary>For <see cref="DiscrepancyType.DuplicateKey"/>: the side holding the duplicates and how many rows share the key.</summary>
    public Side? DuplicateSide { get; init; }

    public int DuplicateCount { get; init; }
}
