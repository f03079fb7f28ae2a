namespace TwinSpin.Engine.Endpoints;

/// <summary>A column compared on both sides: each side's column, the logical type both are compared as,
/// and the rules that normalize its values.</summary>
public sealed record PlannedColumn(string Name, LogicalType Type, ColumnInfo Source, ColumnInfo Target)
{
    public ColumnRules Rules { get; init; } = ColumnRules.Exact;

    public ColumnInfo On(Side side) => side == Side.Source ? Source : Target;

    public string NameOn(Side side) => On(side).Name;

    public SideColumn For(Side side) => new(On(side), Type) { Rules = Rules };
}

/// <summary>A column of one side as queries see it: what the database says, the logical type it is
/// compared as (which may be wider than its own, e.g. an integer compared as a decimal), and its rules.</summary>
public sealed record SideColumn(ColumnInfo Info, LogicalType Type)
{
    public ColumnRules Rules { get; init; } = ColumnRules.Exact;

    public string Name => Info.Name;
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
    /// <summary>Key ranges are cut over the key's partition hash rather than the key itself.</summary>
    public bool HashPartitioned { get; init; }

    /// <summary>Both sides are the same engine and proved to hash engine-equal rows equally with the engine's own
    /// cheaper row hash (<see cref="SqlDialect.NativeRowHashExpression"/>), used for range checksums instead of
    /// the portable contract.</summary>
    public bool NativeRowHash { get; init; }

    public IReadOnlyList<PlannedColumn> AllColumns { get; } = [.. KeyColumns, .. ComparedColumns];

    public int KeyCount => KeyColumns.Count;

    public IReadOnlyList<LogicalType> AllTypes => AllColumns.Select(c => c.Type).ToList();
}
