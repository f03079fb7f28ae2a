using System.Data;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Hashing;
using TwinSpin.Engine.Partitioning;
using Xunit;
using TwinSpin.Engine.Endpoints.Db2;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// The SQL the DB2 dialect sends on LUW and on z/OS, shape by shape and type by type. No DB2 server
/// runs here: where the result depends on DB2 functions, the test evaluates the same steps in C#
/// (DIGITS padding, hex digit positions, DECFLOAT scaling) for sample values and compares them with
/// the hash contract's text.
/// </summary>
public sealed class Db2DialectTests
{
    private static readonly Db2Dialect Luw = new(driverPath: null, Db2Platform.Luw);
    private static readonly Db2Dialect ZOs = new(driverPath: null, Db2Platform.ZOs);

    private static SideColumn Column(string name, string declared) => new(new ColumnInfo(name, declared, Luw.MapType(declared), true, 0), Luw.MapType(declared));

    private static readonly SideColumn Id = Column("ID", "BIGINT");
    private static readonly SideColumn Code = Column("CODE", "VARCHAR(20)");
    private static readonly SideColumn Amount = Column("AMOUNT", "DECIMAL(31,10)");

    [Fact]
    public void Bucket_stats_seek_compound_keys_and_sum_in_decimal_31()
    {
        var queries = new RangeQueries(Luw, "SALES.ORDERS", 2, [Id, Code, Amount], null);
        var range = new KeyRange(new KeyBound([5L, "m"]), new KeyBound([9L]));
        var (sql, parameters) = queries.BucketStats(range, [new KeyBound([7L, "x"])], withChecksum: true);

        Assert.StartsWith("SELECT x.b, COUNT(*), MOD(SUM(CAST(x.h AS DECIMAL(31,0))), 18446744073709551616), MIN(x.k), MAX(x.k) FROM (SELECT CASE WHEN (\"ID\" < @p0 OR (\"ID\" = @p1 AND \"CODE\" < @p2)) THEN 0 ELSE 1 END AS b, (SELECT ", sql);
        Assert.EndsWith(" AS h, \"ID\" AS k FROM \"SALES\".\"ORDERS\" WHERE (\"ID\" > @p3 OR (\"ID\" = @p4 AND \"CODE\" >= @p5)) AND \"ID\" < @p6) x GROUP BY x.b", sql);
        Assert.Equal(new object[] { 7L, 7L, "x", 5L, 5L, "m", 9L }, parameters);
    }

    [Fact]
    public void Counting_without_checksum_sends_no_hash()
    {
        var (sql, _) = new RangeQueries(Luw, "T", 1, [Id, Code], null).BucketStats(KeyRange.All, [], withChecksum: false);
        Assert.Equal("SELECT 0, COUNT(*), 0, MIN(x.k), MAX(x.k) FROM (SELECT 0 AS h, \"ID\" AS k FROM \"T\") x", sql);
    }

    [Fact]
    public void Fetch_quantiles_null_keys_and_duplicates_have_their_shapes()
    {
        var queries = new RangeQueries(Luw, "T", 2, [Id, Code, Amount], "ACTIVE = 1");
        Assert.Equal(
            "SELECT \"ID\", \"CODE\", " + Db2Dialect.ExactDecimalText("\"AMOUNT\"", Amount) + " AS \"AMOUNT\" FROM \"T\" WHERE \"ID\" >= @p0 AND (ACTIVE = 1)",
            queries.FetchRows(new KeyRange(new KeyBound([3L]), null)).Sql);
        var (quantiles, quantileParameters) = queries.QuantileBoundaries(KeyRange.All, 250);
        Assert.Equal(
            "SELECT \"ID\", \"CODE\" FROM (SELECT \"ID\", \"CODE\", ROW_NUMBER() OVER (ORDER BY \"ID\", \"CODE\") AS rn FROM \"T\" WHERE (ACTIVE = 1)) q WHERE rn > 1 AND MOD(rn - 1, @p0) = 0 ORDER BY rn",
            quantiles);
        Assert.Equal(new object[] { 250L }, quantileParameters);
        Assert.Equal("SELECT COUNT(*) FROM \"T\" WHERE (\"ID\" IS NULL OR \"CODE\" IS NULL) AND (ACTIVE = 1)", queries.NullKeyCount().Sql);
        Assert.Equal("SELECT \"ID\", \"CODE\", COUNT(*) FROM \"T\" WHERE (ACTIVE = 1) GROUP BY \"ID\", \"CODE\" HAVING COUNT(*) > 1 FETCH FIRST 5 ROWS ONLY", queries.DuplicateKeys(5).Sql);
    }

    [Fact]
    public void Luw_hashes_with_HASH_0_and_z_os_with_HASH_MD5_over_CCSID_1208()
    {
        Assert.StartsWith("(SELECT (CAST((LOCATE(SUBSTR(v.x, 1, 1), '0123456789ABCDEF') - 1) - CASE WHEN", Luw.RowHashExpression([Id]));
        Assert.EndsWith(" FROM TABLE (SELECT HEX(HASH((CASE WHEN \"ID\" IS NULL THEN 'N' ELSE (CAST(CHARACTER_LENGTH(CAST(CAST(\"ID\" AS BIGINT) AS VARCHAR(20)) USING CODEUNITS32) AS VARCHAR(11)) || ':' || CAST(CAST(\"ID\" AS BIGINT) AS VARCHAR(20))) END), 0)) AS x FROM SYSIBM.SYSDUMMY1) AS v)",
            Luw.RowHashExpression([Id]));
        Assert.EndsWith(" FROM TABLE (SELECT HEX(HASH_MD5(CAST((CASE WHEN \"ID\" IS NULL THEN 'N' ELSE (CAST(CHARACTER_LENGTH(CAST(CAST(\"ID\" AS BIGINT) AS VARCHAR(20)) USING CODEUNITS32) AS VARCHAR(11)) || ':' || CAST(CAST(\"ID\" AS BIGINT) AS VARCHAR(20))) END) AS VARCHAR(32672) CCSID 1208))) AS x FROM SYSIBM.SYSDUMMY1) AS v)",
            ZOs.RowHashExpression([Id]));
    }

    /// <summary>The SQL sums each hex digit times its power of 16, the first digit signed. Evaluated here
    /// with the multipliers read from the SQL itself, it equals the engine's row hash as a signed BIGINT.</summary>
    [Theory]
    [InlineData("N")]
    [InlineData("1:12:x|1:y")]
    [InlineData("6:<null>")]
    [InlineData("1:12:日本")]
    [InlineData("1:12:x|N")]
    public void Hex_digits_add_up_to_the_engine_row_hash(string rowText)
    {
        var sql = Db2Dialect.HexToSignedBigint("v.x");
        var multipliers = Regex.Matches(sql, @"\* (\d+)").Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, 16).Select(i => 1L << (4 * (15 - i))), multipliers);
        Assert.Contains("CASE WHEN (LOCATE(SUBSTR(v.x, 1, 1), '0123456789ABCDEF') - 1) >= 8 THEN 16 ELSE 0 END", sql);

        var hex = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(rowText))); // upper case, as DB2's HEX
        long sum = 0;
        for (var i = 0; i < 16; i++)
        {
            long digit = "0123456789ABCDEF".IndexOf(hex[i], StringComparison.Ordinal);
            if (i == 0 && digit >= 8)
            {
                digit -= 16;
            }

            sum = checked(sum + digit * multipliers[i]); // never overflows: the first term is signed
        }

        Assert.Equal(unchecked((long)EngineHash(rowText)), sum);
    }

    public static TheoryData<string, string> CanonicalTextCases() => new()
    {
        { "INTEGER", "CAST(CAST(c AS BIGINT) AS VARCHAR(20))" },
        { "DECIMAL(10,0)", "CAST(CAST(c AS BIGINT) AS VARCHAR(20))" },
        { "DECIMAL(7,2)", "((CASE WHEN c < 0 THEN '-' ELSE '' END) || COALESCE(NULLIF(TRIM(LEADING '0' FROM SUBSTR(DIGITS(c), 1, 5)), ''), '0') || (CASE WHEN TRIM(TRAILING '0' FROM SUBSTR(DIGITS(c), 6, 2)) = '' THEN '' ELSE '.' || TRIM(TRAILING '0' FROM SUBSTR(DIGITS(c), 6, 2)) END))" },
        { "DECIMAL(31,0)", "((CASE WHEN c < 0 THEN '-' ELSE '' END) || COALESCE(NULLIF(TRIM(LEADING '0' FROM SUBSTR(DIGITS(c), 1, 31)), ''), '0'))" },
        { "VARCHAR(20)", "c" },
        { "CHARACTER(8)", "RTRIM(c)" },
        { "GRAPHIC(4)", "CAST(RTRIM(c) AS VARCHAR(12))" },
        { "VARGRAPHIC(10)", "CAST(c AS VARCHAR(30))" },
        { "TIME", "CHAR(c, JIS)" },
        { "CLOB", "(CASE WHEN LENGTH(c) <= 8000 THEN CAST(c AS VARCHAR(32672)) ELSE 'unhashable:' || HEX(GENERATE_UNIQUE()) END)" },
        { "BOOLEAN", "(CASE WHEN c THEN '1' ELSE '0' END)" },
        { "DATE", "CHAR(c, ISO)" },
        { "TIMESTAMP(12)", "VARCHAR_FORMAT(CAST(c AS TIMESTAMP(6)), 'YYYY-MM-DD HH24:MI:SS.FF6')" },
        { "TIMESTAMP(6) WITH TIME ZONE", "VARCHAR_FORMAT(CAST((c AT TIME ZONE '+00:00') AS TIMESTAMP(6)), 'YYYY-MM-DD HH24:MI:SS.FF6')" },
        { "VARBINARY(16)", "LOWER(HEX(c))" },
        { "CHARACTER(16) FOR BIT DATA", "LOWER(HEX(c))" },
        { "BLOB", "(CASE WHEN LENGTH(c) <= 8000 THEN LOWER(HEX(c)) ELSE 'unhashable:' || HEX(GENERATE_UNIQUE()) END)" },
    };

    [Theory]
    [MemberData(nameof(CanonicalTextCases))]
    public void Every_type_has_its_canonical_text_expression(string declared, string expected)
    {
        Assert.Equal(expected, Luw.CanonicalText("c", Column("C", declared)));
        Assert.Equal(expected, ZOs.CanonicalText("c", Column("C", declared)));
    }

    [Fact]
    public void Doubles_and_decfloats_take_the_decfloat_route()
    {
        var sql = Luw.CanonicalText("c", Column("C", "DOUBLE"));
        Assert.Equal(Db2Dialect.FloatText("DOUBLE(c)"), sql);
        Assert.StartsWith("(CASE WHEN DOUBLE(c) = 0 THEN '0.00000000000000e+00' ELSE CAST(QUANTIZE((DECFLOAT(DOUBLE(c), 34) * DECFLOAT('1E' || CAST(-((INTEGER(FLOOR(LOG10(ABS(DOUBLE(c))))) + CASE WHEN ABS(", sql);
        Assert.Contains("DECFLOAT('1E-14', 34)) AS VARCHAR(42))", sql);
        Assert.Equal(Db2Dialect.FloatText("DOUBLE(c)"), Luw.CanonicalText("c", Column("C", "DECFLOAT")));
    }

    /// <summary>DIGITS(c) of DECIMAL(p,s) is |c| * 10^s as p zero-padded digits; the SQL trims leading zeros of
    /// the first p-s digits and trailing zeros of the last s. Done here on sample values: the contract's text.</summary>
    [Theory]
    [InlineData("1.10", 7, 2)]
    [InlineData("-0.50", 7, 2)]
    [InlineData("0.00", 7, 2)]
    [InlineData("12345.67", 7, 2)]
    [InlineData("0.00001", 5, 5)]
    [InlineData("-1234567890123456789012345678901", 31, 0)]
    [InlineData("123456789012345678901.0000000001", 31, 10)]
    public void Decimal_digits_trimmed_give_the_canonical_decimal(string value, int precision, int scale)
    {
        var sql = Db2Dialect.ExactDecimalText("c", Column("C", $"DECIMAL({precision},{scale})"));
        if (precision > scale)
        {
            Assert.Contains($"SUBSTR(DIGITS(c), 1, {precision - scale})", sql);
        }

        if (scale > 0)
        {
            Assert.Contains($"SUBSTR(DIGITS(c), {precision - scale + 1}, {scale})", sql);
        }

        var negative = value.StartsWith('-');
        var parts = value.TrimStart('-').Split('.');
        var digits = parts[0].TrimStart('0').PadLeft(precision - scale, '0') + (parts.Length > 1 ? parts[1] : string.Empty).PadRight(scale, '0');
        var integral = precision > scale ? digits[..(precision - scale)].TrimStart('0') : string.Empty;
        var fraction = digits[(precision - scale)..].TrimEnd('0');
        var sign = negative && digits.Any(d => d != '0') ? "-" : string.Empty;
        var text = sign + (integral.Length == 0 ? "0" : integral) + (fraction.Length == 0 ? string.Empty : "." + fraction);

        Assert.Equal(ProviderValues.CanonicalDecimal(value), text);
    }

    /// <summary>The float steps in C#: DECFLOAT(d) (the double's shortest exact decimal), the LOG10 estimate
    /// corrected by one when the value rounded to 15 digits leaves [1, 10), QUANTIZE to 14 places (half even).</summary>
    [Theory]
    [InlineData(1234.5)]
    [InlineData(-0.001)]
    [InlineData(0.1)]
    [InlineData(9.999999999999996)]
    [InlineData(999.9999999999999)]
    [InlineData(-2.5e-7)]
    [InlineData(123456789012345678.0)]
    [InlineData(3.141592653589793)]
    [InlineData(0.09999999999999999)]
    public void Float_steps_give_C_printf_e14(double value)
    {
        var exact = decimal.Parse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        var estimate = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        decimal Scaled(int exponent) => exponent >= 0 ? exact / Pow10(exponent) : exact * Pow10(-exponent);
        var exponent = estimate + (Math.Abs(Scaled(estimate)) >= 9.999999999999995m ? 1 : Math.Abs(Scaled(estimate)) < 0.9999999999999995m ? -1 : 0);
        var mantissa = Math.Round(Scaled(exponent), 14, MidpointRounding.ToEven).ToString("F14", CultureInfo.InvariantCulture);
        var text = mantissa + (exponent < 0 ? "e-" : "e+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);

        Assert.Contains(">= 9.999999999999995 THEN 1 WHEN ABS(", Db2Dialect.FloatText("d"));
        Assert.Contains("< 0.9999999999999995 THEN -1 ELSE 0 END", Db2Dialect.FloatText("d"));
        Assert.Equal(CanonicalForms.Float(value), text);
    }

    [Fact]
    public void Text_keys_compare_as_stored_on_luw_and_in_utf8_on_z_os()
    {
        Assert.Equal("\"CODE\"", Luw.KeyComparable(Code));
        Assert.Equal("CAST(\"CODE\" AS VARCHAR(60) CCSID 1208)", ZOs.KeyComparable(Code));
        Assert.Equal("\"ID\"", ZOs.KeyComparable(Id));
        var (sql, _) = new RangeQueries(ZOs, "T", 1, [Code], null).FetchRows(new KeyRange(new KeyBound(["a"]), new KeyBound(["b"])));
        Assert.Equal("SELECT \"CODE\" FROM \"T\" WHERE CAST(\"CODE\" AS VARCHAR(60) CCSID 1208) >= @p0 AND CAST(\"CODE\" AS VARCHAR(60) CCSID 1208) < @p1", sql);
    }

    [Fact]
    public void Z_os_text_keys_are_cut_over_the_key_hash_and_the_hash_is_the_contract_row_hash()
    {
        Assert.True(Luw.OrdersTextByCodePoint);
        Assert.False(ZOs.OrdersTextByCodePoint);
        Assert.Equal($"MOD((MOD({ZOs.RowHashExpression([Code])}, 1152921504606846976) + 1152921504606846976), 1152921504606846976)",
            ZOs.PartitionHashExpression([Code]));
    }

    [Fact]
    public void Select_expressions_convert_what_drivers_cannot_carry()
    {
        Assert.Equal(Db2Dialect.ExactDecimalText("\"AMOUNT\"", Amount) + " AS \"AMOUNT\"", Luw.SelectExpression(Amount));
        Assert.Equal("DOUBLE(\"F\") AS \"F\"", Luw.SelectExpression(Column("F", "DECFLOAT")));
        Assert.Equal("\"F\"", Luw.SelectExpression(Column("F", "DOUBLE")));
        Assert.Equal("RTRIM(\"S\") AS \"S\"", Luw.SelectExpression(Column("S", "CHARACTER(4)")));
        Assert.Equal("CAST((\"T\" AT TIME ZONE '+00:00') AS TIMESTAMP(12)) AS \"T\"", ZOs.SelectExpression(Column("T", "TIMESTAMP(6) WITH TIME ZONE")));
        Assert.Equal("\"ID\"", Luw.SelectExpression(Id));
    }

    [Fact]
    public void Syntax_pieces()
    {
        Assert.Equal("SELECT 1 FROM SYSIBM.SYSDUMMY1 FETCH FIRST 3 ROWS ONLY", Luw.First("SELECT 1 FROM SYSIBM.SYSDUMMY1", 3));
        Assert.Equal("MOD(a, b)", Luw.Modulo("a", "b"));
        Assert.Equal("@p2", Luw.ParameterName(2));
        Assert.Equal("\"we\"\"ird\"", Luw.QuoteIdentifier("we\"ird"));
        Assert.Equal("\"MY\".\"TABLE\"", Luw.QuoteTable("MY.TABLE"));
    }

    [Theory]
    [InlineData("SMALLINT", LogicalType.Integer)]
    [InlineData("INTEGER", LogicalType.Integer)]
    [InlineData("BIGINT", LogicalType.Integer)]
    [InlineData("DECIMAL(18,0)", LogicalType.Integer)]
    [InlineData("DECIMAL(19,0)", LogicalType.Decimal)]
    [InlineData("DECIMAL(7,2)", LogicalType.Decimal)]
    [InlineData("REAL", LogicalType.Float)]
    [InlineData("DOUBLE", LogicalType.Float)]
    [InlineData("DECFLOAT", LogicalType.Float)]
    [InlineData("CHARACTER(8)", LogicalType.Text)]
    [InlineData("VARCHAR(20)", LogicalType.Text)]
    [InlineData("VARGRAPHIC(20)", LogicalType.Text)]
    [InlineData("CLOB", LogicalType.Text)]
    [InlineData("TIME", LogicalType.Text)]
    [InlineData("VARCHAR(16) FOR BIT DATA", LogicalType.Binary)]
    [InlineData("VARBINARY(16)", LogicalType.Binary)]
    [InlineData("BLOB", LogicalType.Binary)]
    [InlineData("DATE", LogicalType.Date)]
    [InlineData("TIMESTAMP(6)", LogicalType.Timestamp)]
    [InlineData("TIMESTAMP(12) WITH TIME ZONE", LogicalType.Timestamp)]
    [InlineData("BOOLEAN", LogicalType.Boolean)]
    public void Types_map_to_logical_types(string declared, LogicalType expected) => Assert.Equal(expected, Luw.MapType(declared));

    [Theory]
    [InlineData("DECIMAL", 10, 2, " ", "DECIMAL(10,2)")]
    [InlineData("CHARACTER", 8, 0, "B", "CHARACTER(8) FOR BIT DATA")]
    [InlineData("VARCHAR", 20, 0, " ", "VARCHAR(20)")]
    [InlineData("TIMESTAMP", 10, 6, " ", "TIMESTAMP(6)")]
    [InlineData("INTEGER", 4, 0, " ", "INTEGER")]
    public void Luw_catalog_types_become_declared_types(string typeName, int length, int scale, string bitData, string expected) =>
        Assert.Equal(expected, Db2Catalog.Luw.DeclaredType(typeName, length, scale, bitData));

    [Theory]
    [InlineData("FLOAT", 8, 0, " ", "DOUBLE")]
    [InlineData("FLOAT", 4, 0, " ", "REAL")]
    [InlineData("CHAR", 8, 0, "B", "CHARACTER(8) FOR BIT DATA")]
    [InlineData("VARG", 10, 0, " ", "VARGRAPHIC(10)")]
    [InlineData("VARBIN", 16, 0, " ", "VARBINARY(16)")]
    [InlineData("TIMESTMP", 10, 6, " ", "TIMESTAMP(6)")]
    [InlineData("TIMESTZ", 10, 12, " ", "TIMESTAMP(12) WITH TIME ZONE")]
    [InlineData("DECIMAL", 31, 0, " ", "DECIMAL(31,0)")]
    public void Z_os_catalog_types_are_normalized(string colType, int length, int scale, string bitData, string expected) =>
        Assert.Equal(expected, Db2Catalog.ZOs.DeclaredType(colType, length, scale, bitData));

    [Fact]
    public void Catalog_queries_read_syscat_on_luw_and_sysibm_on_z_os()
    {
        Assert.Equal("SELECT TABSCHEMA, TABNAME FROM SYSCAT.TABLES WHERE TYPE IN ('T', 'V', 'S', 'N', 'G') AND UPPER(TABNAME) = UPPER(@p0) AND TABSCHEMA = CURRENT SCHEMA",
            Db2Catalog.Luw.FindTable(schemaGiven: false));
        Assert.EndsWith("AND UPPER(CREATOR) = UPPER(@p1)", Db2Catalog.ZOs.FindTable(schemaGiven: true));
        Assert.Contains("FROM SYSCAT.COLUMNS WHERE TABSCHEMA = @p0 AND TABNAME = @p1 ORDER BY COLNO", Db2Catalog.Luw.Columns);
        Assert.Contains("FROM SYSIBM.SYSCOLUMNS WHERE TBCREATOR = @p0 AND TBNAME = @p1 ORDER BY COLNO", Db2Catalog.ZOs.Columns);
        Assert.Contains("i.UNIQUERULE IN ('U', 'P') AND u.COLORDER <> 'I'", Db2Catalog.Luw.UniqueIndexColumns);
        Assert.Contains("i.UNIQUERULE <> 'D' AND k.ORDERING <> ' '", Db2Catalog.ZOs.UniqueIndexColumns);
    }

    [Theory]
    [InlineData("DSN12015", null, Db2Platform.ZOs)]
    [InlineData("SQL11055", null, Db2Platform.Luw)]
    [InlineData("11.05.0900", "DB2/LINUXX8664", Db2Platform.Luw)]
    [InlineData("12.01.0005", "DB2", Db2Platform.ZOs)]
    [InlineData("13.01.0000", "DB2/zOS", Db2Platform.ZOs)]
    [InlineData(null, null, Db2Platform.Luw)]
    public void The_platform_is_detected_from_the_server(string? version, string? type, Db2Platform expected) =>
        Assert.Equal(expected, Db2Dialect.DetectPlatform(version, type));

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("LUW", Db2Platform.Luw)]
    [InlineData("zos", Db2Platform.ZOs)]
    [InlineData("z/OS", Db2Platform.ZOs)]
    [InlineData("Db2zOS", Db2Platform.ZOs)] // the values New-TwinSpinEndpoint -Dialect accepts
    [InlineData("Db2", Db2Platform.Luw)]
    public void The_platform_can_be_given(string? option, Db2Platform? expected) => Assert.Equal(expected, Db2Dialect.ParsePlatform(option));

    [Fact]
    public void An_unknown_platform_is_an_invalid_argument() =>
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<TwinSpinException>(() => Db2Dialect.ParsePlatform("as400")).Code);

    [Theory]
    [MemberData(nameof(OracleDialectTests.ChecksumCases), MemberType = typeof(OracleDialectTests))]
    public void Checksums_of_any_size_and_sign_reduce_modulo_2_to_the_64(object value, ulong expected)
    {
        using var table = new DataTable();
        table.Columns.Add("sum", value.GetType());
        table.Rows.Add(value);
        using var reader = table.CreateDataReader();
        Assert.True(reader.Read());
        Assert.Equal(expected, Luw.ReadChecksum(reader, 0));
    }

    [Fact]
    public async Task Opening_without_the_driver_says_what_to_install()
    {
        using var empty = new TempDirectory();
        var error = await Assert.ThrowsAsync<TwinSpinException>(() => new Db2Dialect(empty.Path).OpenAsync("Database=x", CancellationToken.None));
        Assert.Equal(ErrorCode.DriverNotFound, error.Code);
        Assert.Contains($"the folder {empty.Path} does not contain IBM.Data.Db2.dll", error.Message);
        Assert.Contains("Net.IBM.Data.Db2-lnx", error.Message);
        Assert.Contains("clidriver", error.Message);
        Assert.Contains("TWINSPIN_DB2_DRIVER", error.Message);
    }

    private static ulong EngineHash(string rowText)
    {
        var digest = MD5.HashData(Encoding.UTF8.GetBytes(rowText));
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest);
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
