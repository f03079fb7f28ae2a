using System.Data.Common;
using System.Globalization;
using System.Reflection;
using TwinSpin.Engine.Endpoints.Drivers;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Endpoints.Oracle;

/// <summary>
/// Oracle 12.1+ through Oracle.ManagedDataAccess, loaded at run time (<see cref="DriverLoader"/>).
/// Sessions run with TIME_ZONE 'UTC' and binary NLS_SORT/NLS_COMP, so zoned timestamps, key
/// ranges and key order mean the same thing as on every other engine. The row text is assumed to be
/// in an AL32UTF8 database character set (see docs/provider-db2-oracle.md).
/// </summary>
public sealed class OracleDialect(string? driverPath) : CanonicalSqlDialect
{
    /// <summary>TO_CHAR's third argument: a '.' decimal point whatever the session's NLS settings.</summary>
    private const string PeriodDecimal = "'NLS_NUMERIC_CHARACTERS=''.,'''";

    /// <summary>Rows per round trip are what bulk reads spend their time on; the 128 KB default is small.</summary>
    private const int FetchSizeBytes = 8 * 1024 * 1024;

    public override string Name => "Oracle";

    public override SqlLiterals Literals => OracleLiterals.Instance;

    public override string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>ODP.NET binds by position unless told otherwise; RangeQueries binds in text order, so names only label.</summary>
    public override string ParameterName(int index) => ":p" + index;

    public override string First(string query, int rows) => $"{query} FETCH FIRST {rows} ROWS ONLY";

    public override string? TableSampleClause(double percent, int seed) => percent >= 100 ? string.Empty : $"SAMPLE BLOCK ({SamplePercent(Math.Min(percent, 99.999999))}) SEED ({seed})";

    // NUMBER arithmetic is exact; FLOOR makes the quotient an integer.
    public override string IntegerBucket(string key, string origin, string width) => $"FLOOR(({key} - {origin}) / {width})";

    public override string CanonicalText(string c, SideColumn column) => column.Type switch
    {
        LogicalType.Integer => $"TO_CHAR({c})",
        LogicalType.Decimal => ExactNumberText(c),
        LogicalType.Float => FloatText($"TO_BINARY_DOUBLE({c})"),
        LogicalType.Text => TextOf(c, column),
        LogicalType.Boolean => $"(CASE WHEN {c} THEN '1' ELSE '0' END)",
        LogicalType.Date => $"TO_CHAR({c}, 'YYYY-MM-DD')",
        LogicalType.Timestamp => $"TO_CHAR({UtcTimestamp(c, column)}, 'YYYY-MM-DD HH24:MI:SS.FF6')",
        LogicalType.Binary => IsLob(column) ? WhenLobFits(c, 2000, $"LOWER(RAWTOHEX(DBMS_LOB.SUBSTR({c}, 2000, 1)))") : $"LOWER(RAWTOHEX({c}))",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, null),
    };

    /// <summary>TO_CHAR(n, 'TM9') is the shortest exact text (no trailing zeros) but drops the zero before
    /// the point: '.5', '-.5'. The CASE puts it back; 0 itself is '0'.</summary>
    internal static string ExactNumberText(string c)
    {
        var text = $"TO_CHAR({c}, 'TM9', {PeriodDecimal})";
        return $"(CASE WHEN {c} > 0 AND {c} < 1 THEN '0' || {text} WHEN {c} < 0 AND {c} > -1 THEN '-0' || SUBSTR({text}, 2) ELSE {text} END)";
    }

    /// <summary>C's %.14e: TO_CHAR's EEEE gives ' 1.23450000000000E+03' (a sign column, upper-case E);
    /// special values and -0 are spelled out because no format model produces them.</summary>
    internal static string FloatText(string d) =>
        $"(CASE WHEN {d} IS NAN THEN 'nan' WHEN {d} = BINARY_DOUBLE_INFINITY THEN 'inf' WHEN {d} = -BINARY_DOUBLE_INFINITY THEN '-inf' " +
        $"WHEN {d} = 0 THEN '0.00000000000000e+00' ELSE LOWER(TRIM(TO_CHAR({d}, '9.99999999999999EEEE', {PeriodDecimal}))) END)";

    private static string TextOf(string c, SideColumn column)
    {
        var type = BaseType(column.Info.DeclaredType);
        // TO_CHAR converts national (AL16UTF16) text into the database character set (AL32UTF8).
        return type switch
        {
            "CHAR" => $"RTRIM({c})",
            "NCHAR" => $"TO_CHAR(RTRIM({c}))",
            "VARCHAR2" or "VARCHAR" => c,
            "CLOB" or "NCLOB" => WhenLobFits(c, 1000, $"TO_CHAR(DBMS_LOB.SUBSTR({c}, 1000, 1))"),
            _ => $"TO_CHAR({c})", // NVARCHAR2, ROWID, INTERVAL ... as their text
        };
    }

    /// <summary>A LOB longer than a VARCHAR2 can carry cannot be hashed in SQL. Truncating it would let two
    /// LOBs that differ past the cut hash alike; a fresh GUID instead makes the row unequal everywhere, so
    /// its range is fetched and the engine compares the whole value.</summary>
    private static string WhenLobFits(string c, int limit, string text) =>
        $"(CASE WHEN DBMS_LOB.GETLENGTH({c}) <= {limit} THEN {text} ELSE 'unhashable:' || RAWTOHEX(SYS_GUID()) END)";

    private static string UtcTimestamp(string c, SideColumn column)
    {
        var declared = column.Info.DeclaredType.ToUpperInvariant();
        if (declared.Contains("LOCAL TIME ZONE", StringComparison.Ordinal))
        {
            return $"CAST({c} AS TIMESTAMP(9))"; // shown in the session time zone, which is UTC
        }

        if (declared.Contains("TIME ZONE", StringComparison.Ordinal))
        {
            return $"SYS_EXTRACT_UTC({c})";
        }

        // DATE carries a time of day but no fractional seconds, which TO_CHAR's FF needs.
        return BaseType(declared) == "DATE" ? $"CAST({c} AS TIMESTAMP)" : c;
    }

    /// <summary>LENGTH4 counts UCS-4 code points whatever the character set; Oracle stores '' as NULL,
    /// so an empty text (a blank CHAR right-trimmed) has a NULL length, which is 0.</summary>
    protected override string CodePointLengthText(string textExpression) => $"TO_CHAR(NVL(LENGTH4({textExpression}), 0))";

    protected override string Concat(IReadOnlyList<string> parts) => "(" + string.Join(" || ", parts) + ")";

    /// <summary>The first 16 hex digits of the MD5 as an unsigned NUMBER, folded into the signed 64-bit range
    /// in one expression (u + 2^63 mod 2^64 - 2^63), so the hash is computed once and reads as a BIGINT.</summary>
    protected override string Md5First64(string textExpression) =>
        $"(MOD(TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH({textExpression}, 'MD5')), 1, 16), 'XXXXXXXXXXXXXXXX') + 9223372036854775808, {TwoToThe64}) - 9223372036854775808)";

    /// <summary>NUMBER sums exactly (38 digits); MOD keeps the result within System.Decimal.</summary>
    public override string ChecksumAggregate(string rowHashExpression) => $"MOD(SUM({rowHashExpression}), {TwoToThe64})";

    /// <summary>Session NLS_SORT/NLS_COMP are BINARY (set when the connection opens), so a plain column
    /// compares in byte order of AL32UTF8, which is code point order, and its indexes stay usable.</summary>
    public override string KeyComparable(SideColumn column) => QuoteIdentifier(column.Name);

    /// <summary>Exact numbers travel as canonical text (NUMBER(38) overflows System.Decimal), zoned
    /// timestamps in UTC, CHAR without its padding.</summary>
    public override string SelectExpression(SideColumn column)
    {
        var c = QuoteIdentifier(column.Name);
        var type = BaseType(column.Info.DeclaredType);
        return column.Type switch
        {
            LogicalType.Decimal => $"{ExactNumberText(c)} AS {c}",
            LogicalType.Float when type is "NUMBER" or "FLOAT" => $"TO_BINARY_DOUBLE({c}) AS {c}",
            LogicalType.Timestamp when column.Info.DeclaredType.Contains("TIME ZONE", StringComparison.OrdinalIgnoreCase) => $"{UtcTimestamp(c, column)} AS {c}",
            LogicalType.Text when type is "CHAR" or "NCHAR" => $"RTRIM({c}) AS {c}",
            _ => c,
        };
    }

    public override async Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var factory = DriverLoader.Load(DriverSpec.Oracle, driverPath);
        RaiseDefaultFetchSize(factory);
        return await DriverConnection.OpenAsync(factory, Name, connectionString,
            ["ALTER SESSION SET TIME_ZONE = 'UTC' NLS_SORT = 'BINARY' NLS_COMP = 'BINARY'"], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>OracleConfiguration.FetchSize is the default of every OracleCommand; commands are created by
    /// the engine as plain DbCommands, so the driver-wide default is the one place to raise it.</summary>
    private static void RaiseDefaultFetchSize(DbProviderFactory factory)
    {
        var configuration = factory.GetType().Assembly.GetType("Oracle.ManagedDataAccess.Client.OracleConfiguration");
        var property = configuration?.GetProperty("FetchSize", BindingFlags.Public | BindingFlags.Static);
        if (property is { CanWrite: true } && property.PropertyType == typeof(int) && (int)(property.GetValue(null) ?? 0) < FetchSizeBytes)
        {
            property.SetValue(null, FetchSizeBytes);
        }
    }

    public override async Task<TableSchema?> ReadSchemaAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        var parts = TableNameParts(table);
        var schema = parts.Count > 1 ? parts[0] : null;
        var name = parts[^1];
        var ownerTest = schema is null ? "OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')" : "UPPER(OWNER) = UPPER(:p1)";
        var candidates = await QueryAsync(connection,
            $"SELECT OWNER, TABLE_NAME FROM ALL_TAB_COLUMNS WHERE UPPER(TABLE_NAME) = UPPER(:p0) AND {ownerTest} GROUP BY OWNER, TABLE_NAME",
            schema is null ? [name] : [name, schema], r => (Owner: r.GetString(0), Name: r.GetString(1)), cancellationToken).ConfigureAwait(false);
        // Exact spelling first (a quoted mixed-case name), then a unique case-insensitive match (unquoted names fold to upper case).
        var exact = candidates.Where(c => c.Name == name && (schema is null || c.Owner == schema)).ToList();
        var match = exact.Count == 1 ? exact[0] : candidates.Count == 1 ? candidates[0] : default;
        if (match.Name is null)
        {
            return null;
        }

        var columns = await QueryAsync(connection,
            """
            SELECT c.COLUMN_NAME, c.DATA_TYPE, c.DATA_PRECISION, c.DATA_SCALE, c.CHAR_LENGTH, c.NULLABLE,
                   NVL((SELECT cc.POSITION FROM ALL_CONSTRAINTS k
                        JOIN ALL_CONS_COLUMNS cc ON cc.OWNER = k.OWNER AND cc.CONSTRAINT_NAME = k.CONSTRAINT_NAME
                        WHERE k.OWNER = c.OWNER AND k.TABLE_NAME = c.TABLE_NAME AND k.CONSTRAINT_TYPE = 'P'
                          AND cc.COLUMN_NAME = c.COLUMN_NAME), 0)
            FROM ALL_TAB_COLUMNS c WHERE c.OWNER = :p0 AND c.TABLE_NAME = :p1 ORDER BY c.COLUMN_ID
            """,
            [match.Owner, match.Name], r =>
            {
                var declared = DeclaredType(r.GetString(1), NullableInt(r, 2), NullableInt(r, 3), NullableInt(r, 4));
                return new ColumnInfo(r.GetString(0), declared, MapType(declared), r.GetString(5) == "Y", NullableInt(r, 6) ?? 0);
            }, cancellationToken).ConfigureAwait(false);

        // Unique indexes, and primary/unique constraints (which a non-unique index may enforce).
        var uniqueRows = await QueryAsync(connection,
            """
            SELECT 'I' || i.OWNER || '.' || i.INDEX_NAME, ic.COLUMN_NAME, ic.COLUMN_POSITION
            FROM ALL_INDEXES i JOIN ALL_IND_COLUMNS ic ON ic.INDEX_OWNER = i.OWNER AND ic.INDEX_NAME = i.INDEX_NAME
            WHERE i.TABLE_OWNER = :p0 AND i.TABLE_NAME = :p1 AND i.UNIQUENESS = 'UNIQUE'
            UNION ALL
            SELECT 'C' || k.OWNER || '.' || k.CONSTRAINT_NAME, cc.COLUMN_NAME, cc.POSITION
            FROM ALL_CONSTRAINTS k JOIN ALL_CONS_COLUMNS cc ON cc.OWNER = k.OWNER AND cc.CONSTRAINT_NAME = k.CONSTRAINT_NAME
            WHERE k.OWNER = :p2 AND k.TABLE_NAME = :p3 AND k.CONSTRAINT_TYPE IN ('P', 'U')
            ORDER BY 1, 3
            """,
            [match.Owner, match.Name, match.Owner, match.Name], r => (Set: r.GetString(0), Column: r.GetString(1)), cancellationToken).ConfigureAwait(false);
        var unique = uniqueRows.GroupBy(r => r.Set).Select(g => (IReadOnlyList<string>)g.Select(r => r.Column).ToList()).ToList();
        return new TableSchema($"{match.Owner}.{match.Name}", columns, unique);
    }

    /// <summary>ALL_TAB_COLUMNS splits a type into name, precision, scale and length; this puts them back
    /// into the form a DBA writes, which <see cref="MapType"/> reads.</summary>
    public static string DeclaredType(string dataType, int? precision, int? scale, int? charLength) => dataType switch
    {
        "NUMBER" when precision is null && scale is null => "NUMBER",
        "NUMBER" => $"NUMBER({(precision is null ? "*" : precision.Value.ToString(CultureInfo.InvariantCulture))},{scale ?? 0})",
        "FLOAT" => precision is null ? "FLOAT" : $"FLOAT({precision})",
        "CHAR" or "NCHAR" or "VARCHAR2" or "NVARCHAR2" when charLength is > 0 => $"{dataType}({charLength})",
        _ => dataType,
    };

    /// <summary>Exact numbers with scale 0 and at most 18 digits fit a 64-bit integer; wider ones (INTEGER
    /// is NUMBER(*,0)) and fractional ones are decimals. DATE carries a time of day, so it is a timestamp.</summary>
    public override LogicalType MapType(string declaredType)
    {
        var upper = declaredType.Trim().ToUpperInvariant();
        if (upper.StartsWith("TIMESTAMP", StringComparison.Ordinal))
        {
            return LogicalType.Timestamp;
        }

        return BaseType(upper) switch
        {
            "NUMBER" => IsSmallInteger(upper) ? LogicalType.Integer : LogicalType.Decimal,
            "INTEGER" or "INT" or "SMALLINT" or "DECIMAL" or "NUMERIC" => LogicalType.Decimal,
            "FLOAT" or "BINARY_FLOAT" or "BINARY_DOUBLE" or "REAL" or "DOUBLE PRECISION" => LogicalType.Float,
            "DATE" => LogicalType.Timestamp,
            "RAW" or "BLOB" or "LONG RAW" => LogicalType.Binary,
            "BOOLEAN" => LogicalType.Boolean,
            _ => LogicalType.Text,
        };
    }

    private static bool IsSmallInteger(string upper)
    {
        var open = upper.IndexOf('(');
        if (open < 0)
        {
            return false;
        }

        var arguments = upper[(open + 1)..upper.IndexOf(')', open)].Split(',', StringSplitOptions.TrimEntries);
        var scale = arguments.Length > 1 ? arguments[1] : "0";
        return int.TryParse(arguments[0], NumberStyles.None, CultureInfo.InvariantCulture, out var precision) && precision <= 18 && scale == "0";
    }

    private static string BaseType(string declaredType)
    {
        var upper = declaredType.Trim().ToUpperInvariant();
        var open = upper.IndexOf('(');
        return (open < 0 ? upper : upper[..open]).Trim();
    }

    private static bool IsLob(SideColumn column) => BaseType(column.Info.DeclaredType) is "BLOB" or "CLOB" or "NCLOB";

    private static int? NullableInt(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, IReadOnlyList<object> parameters,
        Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters.Count; i++)
        {
            DriverConnection.AddParameter(command, "p" + i, parameters[i]);
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
