namespace TwinSpin.Engine.Endpoints;

/// <summary>A column compared on both sides: its name on each side and the logical type both agree on.</summary>
public sealed record PlannedColumn(string Name, string SourceName, string TargetName, LogicalType Type)
{
    public string NameOn(Side side) => side == Side.Source ? SourceName : TargetName;
}

public enum Side
{
    Source,
    Target,
}

/// <summary>
/// What a job compares: key columns (in key order) then compared columns. Every query and every
/// Arrow batch lists the columns in exactly this order, so ordinals line up everywhere.
/// </summary>
public sealed record ComparePlan(IReadOnlyList<PlannedColumn> KeyColumns, IReadOnlyList<PlannedColumn> ComparedColumns)
{
    public IReadOnlyList<PlannedColumn> AllColumns { get; } = [.. KeyColumns, .. ComparedColumns];

    public int KeyCount => KeyColumns.Count;

    public IReadOnlyList<LogicalType> AllTypes => AllColumns.Select(c => c.Type).ToList();
}
