using System.Data.Common;
using System.Globalization;
using System.Text;
using TwinSpin.Engine.Endpoints.Drivers;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Endpoints.Db2;

/// <summary>Which DB2 the connection reaches: the catalogs, the MD5 function and the text encoding differ.</summary>
public enum Db2Platform
{
    /// <summary>DB2 for Linux, UNIX and Windows 11.1+ (SYSCAT views, HASH(s, 0), a Unicode database).</summary>
    Luw,

    /// <summary>DB2 for z/OS 12+ (SYSIBM tables, HASH_MD5, EBCDIC data converted to CCSID 1208 before hashing).</summary>
    ZOs,
}

/// <summary>
/// IBM DB2 through IBM.Data.Db2, loaded at run time (<see cref="DriverLoader"/>). The platform is given,
/// or detected from the server when the connection opens (z/OS product ids start with DSN, LUW with SQL).
/// DB2 has no binary-to-BIGINT conversion on LUW, so the 64-bit row hash is assembled from the hex
/// digits of the MD5.
/// </summary>
public sealed class Db2Dialect(string? driverPath, Db2Platform? platform = null) : CanonicalSqlDialect
{
    private const string HexDigits = "0123456789ABCDEF";

    /// <summary>Longest VARCHAR both platforms accept (LUW 32672, z/OS 32704).</summary>
    private const int MaxVarchar = 32672;

    /// <summary>Longest LOB hashed in SQL: its hex or UTF-8 text must still fit a VARCHAR row text.</summary>
    private const int LobLimit = 8000;

    public override string Name => "Db2";

    public override SqlLiterals Literals => Db2Literals.Instance;

    /// <summary>The platform queries are written for: given, detected at open, else LUW.</summary>
    public Db2Platform Platform { get; private set; } = platform ?? Db2Platform.Luw;

    public override string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>IBM.Data.Db2 accepts named markers prefixed with '@'.</summary>
    public override string ParameterName(int index) => "@p" + index;

    public override string First(string query, int rows) => $"{query} FETCH FIRST {rows} ROWS ONLY";

    public override string? TableSampleClause(double percent, int seed) => $"TABLESAMPLE SYSTEM ({SamplePercent(percent)}) REPEATABLE ({seed})";

    public override string CanonicalText(string c, SideColumn column) => column.Type switch
    {
        LogicalType.Integer => $"CAST(CAST({c} AS BIGINT) AS VARCHAR(20))",
        LogicalType.Decimal => ExactDecimalText(c, column),
        LogicalType.Float => FloatText($"DOUBLE({c})"),
        LogicalType.Text => TextOf(c, column),
        LogicalType.Boolean => $"(CASE WHEN {c} THEN '1' ELSE '0' END)",
        LogicalType.Date => $"CHAR({c}, ISO)",
        LogicalType.Timestamp => $"VARCHAR_FORMAT(CAST({UtcTimestamp(c, column)} AS TIMESTAMP(6)), 'YYYY-MM-DD HH24:MI:SS.FF6')",
        LogicalType.Binary => BaseType(column.Info.DeclaredType) == "BLOB" ? WhenLobFits(c, LobLimit, $"LOWER(HEX({c}))") : $"LOWER(HEX({c}))",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, null),
    };

    /// <summary>Decimal-to-character output depends on dec_to_char_fmt (LUW) and keeps trailing zeros, so the
    /// text is built from DIGITS (the absolute value's p digits, zero-padded, no point) and the declared
    /// scale: sign, integer digits without leading zeros (or 0), then the fraction without trailing zeros.</summary>
    internal static string ExactDecimalText(string c, SideColumn column)
    {
        var (precision, scale) = PrecisionAndScale(column.Info.DeclaredType);
        var digits = $"DIGITS({c})";
        var integral = precision > scale
            ? $"COALESCE(NULLIF(TRIM(LEADING '0' FROM SUBSTR({digits}, 1, {precision - scale})), ''), '0')"
            : "'0'";
        var sign = $"(CASE WHEN {c} < 0 THEN '-' ELSE '' END)";
        if (scale == 0)
        {
            return $"({sign} || {integral})";
        }

        var fraction = $"TRIM(TRAILING '0' FROM SUBSTR({digits}, {precision - scale + 1}, {scale}))";
        // A negative value whose digits are all zero cannot occur: c < 0 implies a non-zero digit.
        return $"({sign} || {integral} || (CASE WHEN {fraction} = '' THEN '' ELSE '.' || {fraction} END))";
    }

    /// <summary>C's %.14e from DECFLOAT arithmetic (exact scaling by powers of ten): the decimal exponent is
    /// estimated with LOG10 and corrected by one when the scaled value, rounded to 15 digits, falls outside [1, 10).
    /// DB2 DOUBLE holds no NaN or infinity; -0 equals 0.</summary>
    internal static string FloatText(string d)
    {
        var exact = $"DECFLOAT({d}, 34)";
        var estimate = $"INTEGER(FLOOR(LOG10(ABS({d}))))";
        string Scaled(string exponent) => $"({exact} * DECFLOAT('1E' || CAST(-({exponent}) AS VARCHAR(6)), 34))";
        // The bounds are where rounding to 15 digits crosses a power of ten (half even rounds ...95 up: the
        // 14th decimal is 9): 0.99999999999999951 stays at the estimate and becomes 1.00000000000000.
        var exponent = $"({estimate} + CASE WHEN ABS({Scaled(estimate)}) >= 9.999999999999995 THEN 1 WHEN ABS({Scaled(estimate)}) < 0.9999999999999995 THEN -1 ELSE 0 END)";
        var mantissa = $"CAST(QUANTIZE({Scaled(exponent)}, DECFLOAT('1E-14', 34)) AS VARCHAR(42))";
        var exponentText = $"(CASE WHEN {exponent} < 0 THEN 'e-' ELSE 'e+' END) || (CASE WHEN ABS({exponent}) < 10 THEN '0' ELSE '' END) || CAST(ABS({exponent}) AS VARCHAR(4))";
        return $"(CASE WHEN {d} = 0 THEN '0.00000000000000e+00' ELSE {mantissa} || {exponentText} END)";
    }

    private static string TextOf(string c, SideColumn column)
    {
        var declared = column.Info.DeclaredType.ToUpperInvariant();
        var type = BaseType(declared);
        var length = Math.Min(MaxVarchar, Math.Max(1, LengthOf(declared) * 3));
        return type switch
        {
            "CHARACTER" or "CHAR" => $"RTRIM({c})",
            // Graphic strings are UTF-16 in a Unicode database: VARCHAR is UTF-8, which is what is hashed.
            "GRAPHIC" => $"CAST(RTRIM({c}) AS VARCHAR({length}))",
            "VARGRAPHIC" => $"CAST({c} AS VARCHAR({length}))",
            "TIME" => $"CHAR({c}, JIS)",
            "VARCHAR" or "LONG VARCHAR" => c,
            "CLOB" or "DBCLOB" => WhenLobFits(c, LobLimit, $"CAST({c} AS VARCHAR({MaxVarchar}))"),
            _ => $"CAST({c} AS VARCHAR({MaxVarchar}))", // ROWID and other types as their text
        };
    }

    /// <summary>A LOB longer than a VARCHAR can carry cannot be hashed in SQL. Truncating it would let two
    /// LOBs that differ past the cut hash alike; a unique value instead makes the row unequal everywhere, so
    /// its range is fetched and the engine compares the whole value.</summary>
    private static string WhenLobFits(string c, int limit, string text) =>
        $"(CASE WHEN LENGTH({c}) <= {limit} THEN {text} ELSE 'unhashable:' || HEX(GENERATE_UNIQUE()) END)";

    /// <summary>z/OS TIMESTAMP WITH TIME ZONE is moved to UTC before the zone is dropped; LUW has no zoned type.</summary>
    private static string UtcTimestamp(string c, SideColumn column) =>
        column.Info.DeclaredType.Contains("TIME ZONE", StringComparison.OrdinalIgnoreCase) ? $"({c} AT TIME ZONE '+00:00')" : c;

    protected override string CodePointLengthText(string textExpression) =>
        $"CAST(CHARACTER_LENGTH({textExpression} USING CODEUNITS32) AS VARCHAR(11))";

    protected override string Concat(IReadOnlyList<string> parts) => "(" + string.Join(" || ", parts) + ")";

    /// <summary>
    /// The first 16 hex digits of the MD5 as a signed BIGINT: each digit is its position in
    /// '0123456789ABCDEF' times its power of 16, the first one taken as signed (8..F are -8..-1), so the
    /// sum stays within BIGINT at every step. The hex text is computed once in a one-row table expression.
    /// </summary>
    protected override string Md5First64(string textExpression)
    {
        var digest = Platform == Db2Platform.ZOs
            ? $"HASH_MD5(CAST({textExpression} AS VARCHAR({MaxVarchar}) CCSID 1208))"
            : $"HASH({textExpression}, 0)";
        return $"(SELECT {HexToSignedBigint("v.x")} FROM TABLE (SELECT HEX({digest}) AS x FROM SYSIBM.SYSDUMMY1) AS v)";
    }

    /// <summary>The signed 64-bit value of the first 16 hex digits of <paramref name="hex"/>.</summary>
    internal static string HexToSignedBigint(string hex)
    {
        string Digit(int position) => $"(LOCATE(SUBSTR({hex}, {position}, 1), '{HexDigits}') - 1)";
        var terms = new StringBuilder();
        terms.Append(CultureInfo.InvariantCulture, $"CAST({Digit(1)} - CASE WHEN {Digit(1)} >= 8 THEN 16 ELSE 0 END AS BIGINT) * {Power16(15)}");
        for (var position = 2; position <= 16; position++)
        {
            terms.Append(CultureInfo.InvariantCulture, $" + CAST({Digit(position)} AS BIGINT) * {Power16(16 - position)}");
        }

        return "(" + terms + ")";
    }

    private static string Power16(int exponent) => (1UL << (4 * exponent)).ToString(CultureInfo.InvariantCulture);

    /// <summary>SUM of BIGINT overflows (SQLSTATE 22003); DECIMAL(31,0) holds 10^12 rows of 2^63.</summary>
    public override string ChecksumAggregate(string rowHashExpression) => $"MOD(SUM(CAST({rowHashExpression} AS DECIMAL(31,0))), {TwoToThe64})";

    /// <summary>LUW: a Unicode database with the IDENTITY collation compares text in code point order as is.
    /// z/OS: EBCDIC text sorts differently, so text keys are compared converted to UTF-8 (CCSID 1208).</summary>
    public override string KeyComparable(SideColumn column)
    {
        var c = QuoteIdentifier(column.Name);
        if (Platform != Db2Platform.ZOs || column.Type != LogicalType.Text)
        {
            return c;
        }

        var length = Math.Min(MaxVarchar, Math.Max(1, LengthOf(column.Info.DeclaredType) * 3));
        return $"CAST({c} AS VARCHAR({length}) CCSID 1208)";
    }

    /// <summary>z/OS data is mostly EBCDIC, whose native order is not code point order: when the platform is
    /// given, Auto key partitioning cuts text keys over the key hash, which needs nothing beyond the hash
    /// contract. When z/OS is only detected at open, <see cref="KeyComparable"/> still compares in UTF-8.</summary>
    public override bool OrdersTextByCodePoint => Platform != Db2Platform.ZOs;

    /// <summary>Decimals travel as canonical text (DECIMAL(31) overflows System.Decimal), CHAR without its
    /// padding, DECFLOAT as DOUBLE, zoned timestamps in UTC.</summary>
    public override string SelectExpression(SideColumn column)
    {
        var c = QuoteIdentifier(column.Name);
        var declared = column.Info.DeclaredType;
        return column.Type switch
        {
            LogicalType.Decimal => $"{ExactDecimalText(c, column)} AS {c}",
            LogicalType.Float when BaseType(declared) == "DECFLOAT" => $"DOUBLE({c}) AS {c}",
            LogicalType.Timestamp when declared.Contains("TIME ZONE", StringComparison.OrdinalIgnoreCase) => $"CAST({UtcTimestamp(c, column)} AS TIMESTAMP(12)) AS {c}",
            LogicalType.Text when BaseType(declared) is "CHARACTER" or "CHAR" or "GRAPHIC" => $"RTRIM({c}) AS {c}",
            _ => c,
        };
    }

    public override async Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var factory = DriverLoader.Load(DriverSpec.Db2, driverPath);
        // DB2 LUW has no session time zone for TIMESTAMP; z/OS zoned values are converted explicitly (AT TIME ZONE).
        var connection = await DriverConnection.OpenAsync(factory, Name, connectionString, [], cancellationToken).ConfigureAwait(false);
        if (platform is null)
        {
            Platform = DetectPlatform(connection.ServerVersion, ServerType(connection));
        }

        return connection;
    }

    /// <summary>DRDA product ids: DSN is DB2 for z/OS, SQL is DB2 LUW (QSQ, IBM i, is treated as LUW).
    /// IBM.Data.Db2 also reports a server type such as "DB2/LINUXX8664" (LUW) or "DB2" / "DB2/zOS".</summary>
    public static Db2Platform DetectPlatform(string? serverVersion, string? serverType)
    {
        if (serverVersion?.StartsWith("DSN", StringComparison.OrdinalIgnoreCase) == true ||
            serverType?.Contains("z/OS", StringComparison.OrdinalIgnoreCase) == true ||
            serverType?.Contains("ZOS", StringComparison.OrdinalIgnoreCase) == true ||
            serverType?.Contains("MVS", StringComparison.OrdinalIgnoreCase) == true ||
            string.Equals(serverType?.Trim(), "DB2", StringComparison.OrdinalIgnoreCase))
        {
            return Db2Platform.ZOs;
        }

        return Db2Platform.Luw;
    }

    /// <summary>An endpoint's explicit platform option ("luw", "zos", "z/os"; null or empty: detect at open).</summary>
    public static Db2Platform? ParsePlatform(string? option) => option?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "luw" or "db2luw" or "db2" => Db2Platform.Luw,
        "zos" or "z/os" or "db2zos" or "db2z/os" => Db2Platform.ZOs,
        _ => throw new TwinSpinException(ErrorCode.InvalidArgument, $"'{option}' is not a DB2 platform: use 'luw' or 'zos', or leave it empty to detect it from the server."),
    };

    private static string? ServerType(DbConnection connection) =>
        connection.GetType().GetProperty("ServerType")?.GetValue(connection) as string;

    public override async Task<TableSchema?> ReadSchemaAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        var catalog = Platform == Db2Platform.ZOs ? Db2Catalog.ZOs : Db2Catalog.Luw;
        var parts = TableNameParts(table);
        var schema = parts.Count > 1 ? parts[0] : null;
        var name = parts[^1];
        var candidates = await QueryAsync(connection, catalog.FindTable(schema is not null),
            schema is null ? [name] : [name, schema], r => (Schema: r.GetString(0).TrimEnd(), Name: r.GetString(1).TrimEnd()), cancellationToken).ConfigureAwait(false);
        // Exact spelling first (a quoted mixed-case name), then a unique case-insensitive match (unquoted names fold to upper case).
        var exact = candidates.Where(c => c.Name == name && (schema is null || c.Schema == schema)).ToList();
        var match = exact.Count == 1 ? exact[0] : candidates.Count == 1 ? candidates[0] : default;
        if (match.Name is null)
        {
            return null;
        }

        var columns = await QueryAsync(connection, catalog.Columns, [match.Schema, match.Name], r =>
        {
            var declared = catalog.DeclaredType(r.GetString(1).TrimEnd(), ToInt(r.GetValue(2)), ToInt(r.GetValue(3)), r.GetString(4).TrimEnd());
            return new ColumnInfo(r.GetString(0).TrimEnd(), declared, MapType(declared), r.GetString(5).Trim() == "Y", ToInt(r.GetValue(6)));
        }, cancellationToken).ConfigureAwait(false);

        var uniqueRows = await QueryAsync(connection, catalog.UniqueIndexColumns, [match.Schema, match.Name],
            r => (Index: r.GetString(0).TrimEnd(), Column: r.GetString(1).TrimEnd()), cancellationToken).ConfigureAwait(false);
        var unique = uniqueRows.GroupBy(r => r.Index).Select(g => (IReadOnlyList<string>)g.Select(r => r.Column).ToList()).ToList();
        var primaryKey = columns.Where(c => c.PrimaryKeyOrdinal > 0).OrderBy(c => c.PrimaryKeyOrdinal).Select(c => c.Name).ToList();
        if (primaryKey.Count > 0)
        {
            unique.Add(primaryKey);
        }

        return new TableSchema($"{match.Schema}.{match.Name}", columns, unique);
    }

    /// <summary>Exact numbers with scale 0 and at most 18 digits are integers, as on Oracle (NUMBER(p,0)), so
    /// the same column migrated between the two compares as one type.</summary>
    public override LogicalType MapType(string declaredType)
    {
        var upper = declaredType.Trim().ToUpperInvariant();
        if (upper.Contains("FOR BIT DATA", StringComparison.Ordinal))
        {
            return LogicalType.Binary;
        }

        if (upper.StartsWith("TIMESTAMP", StringComparison.Ordinal))
        {
            return LogicalType.Timestamp;
        }

        return BaseType(upper) switch
        {
            "SMALLINT" or "INTEGER" or "INT" or "BIGINT" => LogicalType.Integer,
            "DECIMAL" or "DEC" or "NUMERIC" => PrecisionAndScale(upper) is { Precision: <= 18, Scale: 0 } ? LogicalType.Integer : LogicalType.Decimal,
            "REAL" or "DOUBLE" or "FLOAT" or "DECFLOAT" => LogicalType.Float,
            "BINARY" or "VARBINARY" or "BLOB" => LogicalType.Binary,
            "DATE" => LogicalType.Date,
            "BOOLEAN" => LogicalType.Boolean,
            _ => LogicalType.Text, // CHAR, VARCHAR, GRAPHIC, VARGRAPHIC, CLOB, TIME ... compared as text
        };
    }

    /// <summary>DECIMAL(p,s) from a declared type; DB2's default DECIMAL is DECIMAL(5,0).</summary>
    internal static (int Precision, int Scale) PrecisionAndScale(string declaredType)
    {
        var arguments = Arguments(declaredType);
        var precision = arguments.Length > 0 && int.TryParse(arguments[0], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 5;
        var scale = arguments.Length > 1 && int.TryParse(arguments[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        return (precision, scale);
    }

    private static int LengthOf(string declaredType)
    {
        var arguments = Arguments(declaredType);
        return arguments.Length > 0 && int.TryParse(arguments[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : MaxVarchar / 3;
    }

    private static string[] Arguments(string declaredType)
    {
        var open = declaredType.IndexOf('(');
        var close = open < 0 ? -1 : declaredType.IndexOf(')', open);
        return close < 0 ? [] : declaredType[(open + 1)..close].Split(',', StringSplitOptions.TrimEntries);
    }

    private static string BaseType(string declaredType)
    {
        var upper = declaredType.Trim().ToUpperInvariant();
        var open = upper.IndexOf('(');
        return (open < 0 ? upper : upper[..open]).Trim();
    }

    private static int ToInt(object value) => value is DBNull ? 0 : Convert.ToInt32(value, CultureInfo.InvariantCulture);

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, IReadOnlyList<object> parameters,
        Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters.Count; i++)
        {
            DriverConnection.AddParameter(command, "@p" + i, parameters[i]);
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
