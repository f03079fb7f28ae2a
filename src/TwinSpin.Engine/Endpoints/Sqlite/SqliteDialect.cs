using System.Data.Common;
using Microsoft.Data.Sqlite;
using TwinSpin.Engine.Hashing;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Endpoints.Sqlite;

/// <summary>
/// SQLite. It has no MD5 and its SUM fails on overflow, so the contract's row hash and a
/// wrapping 64-bit sum are registered on every connection (<see cref="SqliteHashFunctions"/>).
/// </summary>
public sealed class SqliteDialect : SqlDialect
{
    public static SqliteDialect Instance { get; } = new();

    public override string Name => "SQLite";

    public override SqlLiterals Literals => SqliteLiterals.Instance;

    public override string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public override string ParameterName(int index) => "@p" + index;

    public override string RowHashExpression(IReadOnlyList<SideColumn> columns) =>
        $"{SqliteHashFunctions.RowHash}('{SqliteHashFunctions.ColumnSpec(columns)}', " +
        string.Join(", ", columns.Select(c => QuoteIdentifier(c.Name))) + ")";

    public override string? NativeHashName => "sqlite-raw-xxh3";

    public override bool GroupsBucketsInProcess => true;

    public override DbDataReader? OpenDirectReader(DbConnection connection, string sql, IReadOnlyList<object> parameters, CancellationToken cancellationToken) =>
        connection is SqliteConnection sqlite && SqliteStatementReader.CanBind(parameters)
            ? SqliteStatementReader.Open(sqlite, sql, parameters, ParameterName, cancellationToken)
            : null;

    public override string NativeRowHashExpression(IReadOnlyList<SideColumn> columns) =>
        $"{SqliteNativeRowHash.Name}({string.Join(", ", columns.Select(c => QuoteIdentifier(c.Name)))})";

    public override string ChecksumAggregate(string rowHashExpression) => $"{SqliteHashFunctions.Sum64}({rowHashExpression})";

    public override ulong ReadChecksum(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0UL : unchecked((ulong)reader.GetInt64(ordinal));

    public override string Modulo(string dividend, string divisor) => $"(({dividend}) % {divisor})";

    public override string First(string query, int rows) => $"{query} LIMIT {rows}";

    public override Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken) =>
        OpenAsync(connectionString, SqliteOpenMode.ReadOnly, cancellationToken);

    /// <summary>Read and write, never create: a repair changes a database that exists.</summary>
    public override Task<DbConnection> OpenForWritingAsync(string connectionString, CancellationToken cancellationToken) =>
        OpenAsync(connectionString, SqliteOpenMode.ReadWrite, cancellationToken);

    private static async Task<DbConnection> OpenAsync(string connectionString, SqliteOpenMode mode, CancellationToken cancellationToken)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new TwinSpinException(ErrorCode.ConnectionFailed,
                "The SQLite connection string is not valid: " + ConnectionStrings.Scrub(e.Message, connectionString), e);
        }

        if (string.IsNullOrEmpty(builder.DataSource))
        {
            throw new TwinSpinException(ErrorCode.ConnectionFailed, "The SQLite connection string has no 'Data Source'.");
        }

        // An endpoint is only read (or, repaired, written): a missing file is an error, not a new empty database.
        if (builder.Mode == SqliteOpenMode.ReadWriteCreate && builder.DataSource != ":memory:" &&
            !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            builder.Mode = mode;
        }

        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or ArgumentException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new TwinSpinException(ErrorCode.ConnectionFailed,
                $"Cannot open SQLite database '{builder.DataSource}': {ConnectionStrings.Scrub(e.Message, connectionString)}", e) { Target = builder.DataSource };
        }

        SqliteHashFunctions.Register(connection);
        return connection;
    }

    public override Task<TableSchema?> ReadSchemaAsync(DbConnection connection, string table, CancellationToken cancellationToken) =>
        SqliteCatalog.ReadSchemaAsync(connection, this, table, cancellationToken);

    /// <summary>The row count ANALYZE wrote to sqlite_stat1 (the first number of a table's entries); null
    /// when the database was never analyzed. Not COUNT(*): that reads the whole table.</summary>
    public override async Task<long?> EstimateRowsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        var parts = TableNameParts(table);
        var (schema, name) = parts.Count > 1 ? (parts[0], parts[1]) : ("main", parts[0]);
        var quotedSchema = QuoteIdentifier(schema).Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
        var analyzed = await CatalogQuery.RunAsync(connection, this,
            $"SELECT COUNT(*) FROM {quotedSchema}.sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'", [],
            reader => reader.GetInt64(0), cancellationToken).ConfigureAwait(false);
        if (analyzed[0] == 0)
        {
            return null;
        }

        var stats = await CatalogQuery.RunAsync(connection, this,
            $"SELECT stat FROM {quotedSchema}.sqlite_stat1 WHERE tbl = {{0}} COLLATE NOCASE", [name],
            reader => reader.IsDBNull(0) ? null : reader.GetString(0), cancellationToken).ConfigureAwait(false);
        foreach (var stat in stats)
        {
            var first = stat?.Split(' ', 2)[0];
            if (long.TryParse(first, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var rows))
            {
                return rows;
            }
        }

        return null;
    }

    /// <summary>SQLite keeps no precision, but a declared TIMESTAMP(3) says what the data holds.</summary>
    public static int? FractionalDigits(string declaredType)
    {
        var match = System.Text.RegularExpressions.Regex.Match(declaredType, @"TIME\w*\s*\(\s*(\d)\s*\)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        return match.Success ? Math.Min(6, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) : null;
    }

    /// <summary>SQLite's type affinity rules (https://sqlite.org/datatype3.html), refined for dates and booleans.</summary>
    public override LogicalType MapType(string declaredType)
    {
        var t = declaredType.ToUpperInvariant();
        if (t.Contains("INT", StringComparison.Ordinal))
        {
            return LogicalType.Integer;
        }

        if (t.Contains("CHAR", StringComparison.Ordinal) || t.Contains("CLOB", StringComparison.Ordinal) || t.Contains("TEXT", StringComparison.Ordinal))
        {
            return LogicalType.Text;
        }

        if (t.Contains("BLOB", StringComparison.Ordinal) || t.Length == 0)
        {
            return t.Length == 0 ? LogicalType.Text : LogicalType.Binary;
        }

        if (t.Contains("REAL", StringComparison.Ordinal) || t.Contains("FLOA", StringComparison.Ordinal) || t.Contains("DOUB", StringComparison.Ordinal))
        {
            return LogicalType.Float;
        }

        if (t.Contains("BOOL", StringComparison.Ordinal))
        {
            return LogicalType.Boolean;
        }

        if (t.Contains("TIME", StringComparison.Ordinal))
        {
            return LogicalType.Timestamp;
        }

        if (t.Contains("DATE", StringComparison.Ordinal))
        {
            return LogicalType.Date;
        }

        return LogicalType.Decimal; // NUMERIC affinity
    }

}
