using System.Data.Common;
using MySqlConnector;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Endpoints.MariaDb;

/// <summary>
/// MariaDB (and MySQL-compatible servers with SFORMAT) through MySqlConnector. Sessions run with
/// time_zone '+00:00', so TIMESTAMP columns read and hash in UTC; every text is converted to utf8mb4
/// before it is measured or hashed, so CHAR_LENGTH counts code points and MD5 sees UTF-8 bytes.
/// </summary>
public sealed class MariaDbDialect : CanonicalSqlDialect
{
    /// <summary>Binary comparison of UTF-8 bytes (code point order) WITHOUT the PAD SPACE rule that
    /// utf8mb4_bin still applies ('a' = 'a ' there).</summary>
    private const string CodePointCollation = "utf8mb4_nopad_bin";

    public static MariaDbDialect Instance { get; } = new();

    public override string Name => "MariaDb";

    public override SqlLiterals Literals => MariaDbLiterals.Instance;

    public override string QuoteIdentifier(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    public override string ParameterName(int index) => "@p" + index;

    public override string First(string query, int rows) => $"{query} LIMIT {rows}";

    public override string IntegerBucket(string key, string origin, string width) => $"((CAST({key} AS SIGNED) - {origin}) DIV {width})";

    public override string CanonicalText(string c, SideColumn column) => column.Type switch
    {
        LogicalType.Integer when column.Info.Type == LogicalType.Boolean => BooleanText(c),
        // BIT values are bytes until they take part in arithmetic.
        LogicalType.Integer => IsBit(column) ? $"CAST(({c}) + 0 AS CHAR)" : $"CAST({c} AS CHAR)",
        LogicalType.Decimal => DecimalText(c),
        // SFORMAT formats with the fmt library, which rounds the exact binary value correctly (ties to
        // even) like C's printf; + 0e0 makes FLOAT and DECIMAL inputs doubles and folds -0 into 0.
        LogicalType.Float => $"SFORMAT('{{:.14e}}', ({c}) + 0e0)",
        LogicalType.Text => Utf8Text(c, column),
        LogicalType.Boolean => BooleanText(c),
        LogicalType.Date => $"DATE_FORMAT({c}, '%Y-%m-%d')",
        LogicalType.Timestamp => $"DATE_FORMAT({c}, '%Y-%m-%d %H:%i:%s.%f')",
        LogicalType.Binary => $"LOWER(HEX({c}))",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, null),
    };

    /// <summary>Text keys compare as their UTF-8 bytes whatever the column's collation: the default
    /// utf8mb4_general_ci and the UCA collations put 'a' = 'A' = 'á' and order case-insensitively.</summary>
    public override string KeyComparable(SideColumn column) =>
        column.Type == LogicalType.Text
            ? $"CONVERT({QuoteIdentifier(column.Name)} USING utf8mb4) COLLATE {CodePointCollation}"
            : QuoteIdentifier(column.Name);

    /// <summary>Values are fetched in the form they are hashed in: exact decimals as canonical text (no driver
    /// type overflows), floats as the double SFORMAT sees (FLOAT columns travel with 6 digits otherwise),
    /// text as utf8mb4 (TIME, ENUM, JSON, UUID as their text; CHAR without padding).</summary>
    public override string SelectExpression(SideColumn column)
    {
        var c = QuoteIdentifier(column.Name);
        return column.Type switch
        {
            LogicalType.Decimal => $"{DecimalText(c)} AS {c}",
            LogicalType.Float => $"({c}) + 0e0 AS {c}",
            LogicalType.Text => $"{Utf8Text(c, column)} AS {c}",
            LogicalType.Integer when IsBit(column) => $"({c}) + 0 AS {c}",
            _ => c,
        };
    }

    protected override string CodePointLengthText(string textExpression) => $"CAST(CHAR_LENGTH({textExpression}) AS CHAR)";

    protected override string Concat(IReadOnlyList<string> parts) => $"CONCAT({string.Join(", ", parts)})";

    /// <summary>CONV with a negative base reads the 16 hex digits as a signed 64-bit number, so the hash fits BIGINT.</summary>
    protected override string Md5First64(string textExpression) =>
        $"CAST(CONV(LEFT(MD5(CONVERT({textExpression} USING utf8mb4)), 16), 16, -10) AS SIGNED)";

    /// <summary>SUM of BIGINT is an exact DECIMAL in MariaDB.</summary>
    public override string ChecksumAggregate(string rowHashExpression) => $"MOD(SUM({rowHashExpression}), {TwoToThe64})";

    /// <summary>REPLACE matches case-sensitively; UPPER would also change letters outside ASCII.</summary>
    /// <summary>PAD SPACE collations find '  ' equal to ''; only a length of 0 is empty.</summary>
    protected override string IsEmptyText(string quotedColumn) => $"CHAR_LENGTH({quotedColumn}) = 0";

    protected override string AsciiUpper(string textExpression)
    {
        var text = textExpression;
        for (var letter = 'a'; letter <= 'z'; letter++)
        {
            text = $"REPLACE({text}, '{letter}', '{char.ToUpperInvariant(letter)}')";
        }

        return text;
    }

    public override async Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        MySqlConnectionStringBuilder builder;
        try
        {
            // BINARY(16) and CHAR(36) columns stay bytes and text instead of becoming Guids.
            builder = new MySqlConnectionStringBuilder(connectionString) { GuidFormat = MySqlGuidFormat.None };
        }
        catch (ArgumentException e)
        {
            throw new TwinSpinException(ErrorCode.ConnectionFailed, "The MariaDB connection string is not valid: " + ConnectionStrings.Scrub(e.Message, connectionString), e);
        }

        var connection = new MySqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SET time_zone = '+00:00'";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new TwinSpinException(ErrorCode.ConnectionFailed,
                $"Cannot connect to MariaDB at {builder.Server}:{builder.Port} (database '{builder.Database}'): {ConnectionStrings.Scrub(e.Message, connectionString)}", e)
            { Target = builder.Server };
        }
    }

    public override async Task<TableSchema?> ReadSchemaAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        var parts = TableNameParts(table);
        var database = parts.Count > 1 ? parts[0] : null;
        var name = parts[^1];
        // Names are case-sensitive on Linux (lower_case_table_names=0): the exact name first, then a
        // unique case-insensitive match.
        const string find =
            """
            SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES
            WHERE LOWER(TABLE_NAME) = LOWER(@name)
              AND (@database IS NULL AND TABLE_SCHEMA = DATABASE() OR LOWER(TABLE_SCHEMA) = LOWER(@database))
            """;
        var candidates = await QueryAsync(connection, find, [("@name", name), ("@database", database)],
            reader => (Database: reader.GetString(0), Name: reader.GetString(1)), cancellationToken).ConfigureAwait(false);
        var exact = candidates.Where(c => c.Name == name && (database is null || c.Database == database)).ToList();
        var match = exact.Count == 1 ? exact[0] : candidates.Count == 1 ? candidates[0] : default;
        if (match.Name is null)
        {
            return null;
        }

        var where = new (string, object?)[] { ("@database", match.Database), ("@name", match.Name) };
        const string columnsQuery =
            """
            SELECT c.COLUMN_NAME, c.COLUMN_TYPE, c.DATA_TYPE, c.IS_NULLABLE, COALESCE(pk.SEQ_IN_INDEX, 0), c.DATETIME_PRECISION
            FROM information_schema.COLUMNS c
            LEFT JOIN information_schema.STATISTICS pk ON pk.TABLE_SCHEMA = c.TABLE_SCHEMA AND pk.TABLE_NAME = c.TABLE_NAME
                 AND pk.COLUMN_NAME = c.COLUMN_NAME AND pk.INDEX_NAME = 'PRIMARY'
            WHERE c.TABLE_SCHEMA = @database AND c.TABLE_NAME = @name
            ORDER BY c.ORDINAL_POSITION
            """;
        var columns = await QueryAsync(connection, columnsQuery, where, reader =>
        {
            var declared = reader.GetString(1);
            var dataType = reader.GetString(2);
            var type = MapType(declared);
            return new ColumnInfo(reader.GetString(0), declared, type, reader.GetString(3) == "YES", Convert.ToInt32(reader.GetValue(4)))
            {
                FractionalDigits = type == LogicalType.Timestamp && !reader.IsDBNull(5) ? Convert.ToInt32(reader.GetValue(5)) : null,
                IsFixedWidth = dataType.Equals("char", StringComparison.OrdinalIgnoreCase),
            };
        }, cancellationToken).ConfigureAwait(false);

        // The primary key and every unique index; MariaDB has no partial indexes, and a unique prefix
        // index proves the whole column unique too.
        const string uniqueQuery =
            """
            SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = @database AND TABLE_NAME = @name AND NON_UNIQUE = 0
            ORDER BY INDEX_NAME, SEQ_IN_INDEX
            """;
        var indexColumns = await QueryAsync(connection, uniqueQuery, where,
            reader => (Index: reader.GetString(0), Column: reader.GetString(1)), cancellationToken).ConfigureAwait(false);
        var unique = indexColumns.GroupBy(i => i.Index, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<string>)g.Select(i => i.Column).ToList())
            .ToList();

        return new TableSchema($"{match.Database}.{match.Name}", columns, unique);
    }

    /// <summary>information_schema.TABLES.TABLE_ROWS: InnoDB's estimate from its statistics; null for a view.</summary>
    public override async Task<long?> EstimateRowsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        var parts = TableNameParts(table);
        var rows = await CatalogQuery.RunAsync(connection, this,
            "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE({0}, DATABASE()) AND TABLE_NAME = {1}",
            [parts.Count > 1 ? parts[0] : null, parts[^1]],
            reader => reader.IsDBNull(0) ? (long?)null : Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Maps information_schema.COLUMNS.COLUMN_TYPE (e.g. 'tinyint(1)', 'bigint(20) unsigned', 'decimal(12,2)').</summary>
    public override LogicalType MapType(string declaredType)
    {
        var type = declaredType.Trim().ToLowerInvariant();
        if (type is "tinyint(1)" or "bool" or "boolean")
        {
            return LogicalType.Boolean; // BOOLEAN is a synonym of TINYINT(1)
        }

        return type.Split('(', ' ')[0] switch
        {
            "tinyint" or "smallint" or "mediumint" or "int" or "integer" or "bigint" or "year" or "bit" => LogicalType.Integer,
            "decimal" or "numeric" or "dec" or "fixed" => LogicalType.Decimal,
            "float" or "double" or "real" => LogicalType.Float,
            "date" => LogicalType.Date,
            "datetime" or "timestamp" => LogicalType.Timestamp,
            "binary" or "varbinary" or "tinyblob" or "blob" or "mediumblob" or "longblob" => LogicalType.Binary,
            _ => LogicalType.Text, // char, varchar, text types, enum, set, json, time, uuid, inet6, ... compared as their text
        };
    }

    private static bool IsBit(SideColumn column) => column.Info.DeclaredType.StartsWith("bit", StringComparison.OrdinalIgnoreCase);

    private static string BooleanText(string c) => $"(CASE WHEN ({c}) <> 0 THEN '1' ELSE '0' END)";

    /// <summary>Exact decimal text without trailing fractional zeros, a trailing point or a negative zero.</summary>
    private static string DecimalText(string c)
    {
        var text = $"CAST({c} AS CHAR)";
        return $"(CASE WHEN ({c}) = 0 THEN '0' WHEN LOCATE('.', {text}) = 0 THEN {text} " +
               $"ELSE TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM {text})) END)";
    }

    /// <summary>Text as utf8mb4 (latin1 and utf8mb3 columns too); CHAR(n) without its padding even under
    /// sql_mode PAD_CHAR_TO_FULL_LENGTH.</summary>
    private static string Utf8Text(string c, SideColumn column)
    {
        var text = $"CONVERT({c} USING utf8mb4)";
        return column.Info.IsFixedWidth ? $"TRIM(TRAILING ' ' FROM {text})" : text;
    }

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, IEnumerable<(string Name, object? Value)> parameters,
        Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        var result = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(map(reader));
        }

        return result;
    }
}
