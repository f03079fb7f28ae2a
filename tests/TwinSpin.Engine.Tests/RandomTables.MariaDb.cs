namespace TwinSpin.Engine.Tests;

/// <summary>Writing a side of a random table pair to MariaDB.</summary>
public sealed partial class RandomTablePair
{
    /// <summary>
    /// MariaDB type of each column (keys, then the generated columns). Text keys are case-sensitive
    /// (utf8mb4_bin): the words hold 'Zebra' and 'zebra', which the default collation would refuse
    /// as duplicate keys. Other text keeps the database default (utf8mb4_general_ci); timestamps are
    /// TIMESTAMP(6), which MariaDB converts between UTC and the session's time zone.
    /// </summary>
    public IReadOnlyList<string> MariaDbTypes() =>
        KeyColumns.Select((k, i) => KeyShape == KeyShape.Integer || (KeyShape == KeyShape.Compound && i == 1)
                ? "BIGINT"
                : "VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
            .Concat(Columns.Select(c => c.DeclaredType switch
            {
                "INTEGER" => "BIGINT",
                "REAL" => "DOUBLE",
                "TIMESTAMP" => "TIMESTAMP(6) NULL",
                "DECIMAL(12,2)" => "DECIMAL(12,2)",
                "BOOLEAN" => "BOOLEAN",
                "BLOB" => "BLOB",
                _ => "TEXT",
            }))
            .ToList();

    /// <summary>Writes one side to a MariaDB table named <paramref name="table"/>.</summary>
    public void WriteMariaDb(MariaDbDatabase database, string table, bool source)
    {
        var types = MariaDbTypes();
        var names = ColumnNames.ToList();
        database.Execute($"CREATE TABLE `{table}` ({string.Join(", ", names.Select((n, i) => $"`{n}` {types[i]}{(i < KeyColumns.Length ? " NOT NULL" : "")}"))}, " +
            $"PRIMARY KEY ({string.Join(", ", KeyColumns.Select(k => $"`{k}`"))}))");
        database.Insert(table, names, source ? Source : Target);
    }
}
