namespace TwinSpin.Engine.Endpoints;

/// <summary>A column as the database describes it.</summary>
public sealed record ColumnInfo(string Name, string DeclaredType, LogicalType Type, bool IsNullable, int PrimaryKeyOrdinal)
{
    /// <summary>Timestamps: fractional second digits the column keeps (null when unknown: 6 is assumed).</summary>
    public int? FractionalDigits { get; init; }

    /// <summary>Fixed-width text (CHAR(n)): compared right-trimmed.</summary>
    public bool IsFixedWidth { get; init; }
}

/// <summary>A table's columns and what proves key uniqueness.</summary>
public sealed record TableSchema(string Table, IReadOnlyList<ColumnInfo> Columns, IReadOnlyList<IReadOnlyList<string>> UniqueColumnSets)
{
    public ColumnInfo? Find(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Primary key columns in key order; empty when the table has none.</summary>
    public IReadOnlyList<string> PrimaryKey =>
        Columns.Where(c => c.PrimaryKeyOrdinal > 0).OrderBy(c => c.PrimaryKeyOrdinal).Select(c => c.Name).ToList();

    /// <summary>True when a primary key or unique index covers exactly these columns.</summary>
    public bool IsProvablyUnique(IReadOnlyList<string> keyColumns) =>
        UniqueColumnSets.Any(set => set.Count == keyColumns.Count &&
            set.All(c => keyColumns.Contains(c, StringComparer.OrdinalIgnoreCase)));
}
