using System.Data;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Hashing;
using TwinSpin.Engine.Partitioning;
using Xunit;
using TwinSpin.Engine.Endpoints.Oracle;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// The SQL the Oracle dialect sends, shape by shape and type by type. No Oracle server runs here, so
/// where a canonical text depends on what an Oracle function returns, the test states the documented
/// output for sample values and checks that the dialect's SQL turns it into the hash contract's text.
/// </summary>
public sealed class OracleDialectTests
{
    private static readonly OracleDialect Dialect = new(driverPath: null);

    private static SideColumn Column(string name, string declared) => new(new ColumnInfo(name, declared, Dialect.MapType(declared), true, 0), Dialect.MapType(declared));

    private static readonly SideColumn Id = Column("ID", "NUMBER(10,0)");
    private static readonly SideColumn Code = Column("CODE", "VARCHAR2(20)");
    private static readonly SideColumn Amount = Column("AMOUNT", "NUMBER(38,10)");

    [Fact]
    public void Bucket_stats_over_a_compound_key_seek_with_or_and_and_binds_in_text_order()
    {
        var queries = new RangeQueries(Dialect, "sales.orders", 2, [Id, Code, Amount], "STATUS = 'A'");
        var range = new KeyRange(new KeyBound([5L, "m"]), new KeyBound([9L]));
        var (sql, parameters) = queries.BucketStats(range, [new KeyBound([7L, "x"])], withChecksum: true);

        Assert.StartsWith("SELECT x.b, COUNT(*), MOD(SUM(x.h), 18446744073709551616), MIN(x.k), MAX(x.k) FROM (SELECT CASE WHEN (\"ID\" < :p0 OR (\"ID\" = :p1 AND \"CODE\" < :p2)) THEN 0 ELSE 1 END AS b, ", sql);
        Assert.EndsWith(
            " AS h, \"ID\" AS k FROM \"sales\".\"orders\" WHERE (\"ID\" > :p3 OR (\"ID\" = :p4 AND \"CODE\" >= :p5)) AND \"ID\" < :p6 AND (STATUS = 'A')) x GROUP BY x.b", sql);
        Assert.Contains("STANDARD_HASH(", sql);
        Assert.Equal(new object[] { 7L, 7L, "x", 5L, 5L, "m", 9L }, parameters);
    }

    [Fact]
    public void Fetch_selects_exact_numbers_as_text_and_every_column_in_plan_order()
    {
        var (sql, parameters) = new RangeQueries(Dialect, "ORDERS", 1, [Id, Code, Amount], null).FetchRows(new KeyRange(new KeyBound([1L]), null));
        Assert.Equal(
            "SELECT \"ID\", \"CODE\", " + OracleDialect.ExactNumberText("\"AMOUNT\"") + " AS \"AMOUNT\" FROM \"ORDERS\" WHERE \"ID\" >= :p0", sql);
        Assert.Equal(new object[] { 1L }, parameters);
    }

    [Fact]
    public void Quantiles_null_keys_duplicates_and_row_hashes_have_their_shapes()
    {
        var queries = new RangeQueries(Dialect, "ORDERS", 2, [Id, Code, Amount], null);
        var (quantiles, quantileParameters) = queries.QuantileBoundaries(KeyRange.All, 500);
        Assert.Equal(
            "SELECT \"ID\", \"CODE\" FROM (SELECT \"ID\", \"CODE\", ROW_NUMBER() OVER (ORDER BY \"ID\", \"CODE\") AS rn FROM \"ORDERS\") q WHERE rn > 1 AND MOD(rn - 1, :p0) = 0 ORDER BY rn",
            quantiles);
        Assert.Equal(new object[] { 500L }, quantileParameters);
        Assert.Equal("SELECT COUNT(*) FROM \"ORDERS\" WHERE (\"ID\" IS NULL OR \"CODE\" IS NULL)", queries.NullKeyCount().Sql);
        Assert.Equal("SELECT \"ID\", \"CODE\", COUNT(*) FROM \"ORDERS\" GROUP BY \"ID\", \"CODE\" HAVING COUNT(*) > 1 FETCH FIRST 10 ROWS ONLY", queries.DuplicateKeys(10).Sql);
        Assert.StartsWith("SELECT \"ID\", \"CODE\", (MOD(TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH((CASE WHEN \"ID\" IS NULL THEN 'N' ELSE (TO_CHAR(NVL(LENGTH4(TO_CHAR(\"ID\")), 0)) || ':' || TO_CHAR(\"ID\")) END || ",
            queries.RowHashes(KeyRange.All).Sql);
    }

    public static TheoryData<string, string> CanonicalTextCases() => new()
    {
        { "NUMBER(10,0)", "TO_CHAR(c)" },
        { "NUMBER(12,2)", "(CASE WHEN c > 0 AND c < 1 THEN '0' || TO_CHAR(c, 'TM9', 'NLS_NUMERIC_CHARACTERS=''.,''') WHEN c < 0 AND c > -1 THEN '-0' || SUBSTR(TO_CHAR(c, 'TM9', 'NLS_NUMERIC_CHARACTERS=''.,'''), 2) ELSE TO_CHAR(c, 'TM9', 'NLS_NUMERIC_CHARACTERS=''.,''') END)" },
        { "BINARY_DOUBLE", "(CASE WHEN TO_BINARY_DOUBLE(c) IS NAN THEN 'nan' WHEN TO_BINARY_DOUBLE(c) = BINARY_DOUBLE_INFINITY THEN 'inf' WHEN TO_BINARY_DOUBLE(c) = -BINARY_DOUBLE_INFINITY THEN '-inf' WHEN TO_BINARY_DOUBLE(c) = 0 THEN '0.00000000000000e+00' ELSE LOWER(TRIM(TO_CHAR(TO_BINARY_DOUBLE(c), '9.99999999999999EEEE', 'NLS_NUMERIC_CHARACTERS=''.,'''))) END)" },
        { "VARCHAR2(20)", "c" },
        { "CHAR(8)", "RTRIM(c)" },
        { "NCHAR(8)", "TO_CHAR(RTRIM(c))" },
        { "NVARCHAR2(20)", "TO_CHAR(c)" },
        { "CLOB", "(CASE WHEN DBMS_LOB.GETLENGTH(c) <= 1000 THEN TO_CHAR(DBMS_LOB.SUBSTR(c, 1000, 1)) ELSE 'unhashable:' || RAWTOHEX(SYS_GUID()) END)" },
        { "BOOLEAN", "(CASE WHEN c THEN '1' ELSE '0' END)" },
        { "DATE", "TO_CHAR(CAST(c AS TIMESTAMP), 'YYYY-MM-DD HH24:MI:SS.FF6')" },
        { "TIMESTAMP(9)", "TO_CHAR(c, 'YYYY-MM-DD HH24:MI:SS.FF6')" },
        { "TIMESTAMP(6) WITH TIME ZONE", "TO_CHAR(SYS_EXTRACT_UTC(c), 'YYYY-MM-DD HH24:MI:SS.FF6')" },
        { "TIMESTAMP(6) WITH LOCAL TIME ZONE", "TO_CHAR(CAST(c AS TIMESTAMP(9)), 'YYYY-MM-DD HH24:MI:SS.FF6')" },
        { "RAW", "LOWER(RAWTOHEX(c))" },
        { "BLOB", "(CASE WHEN DBMS_LOB.GETLENGTH(c) <= 2000 THEN LOWER(RAWTOHEX(DBMS_LOB.SUBSTR(c, 2000, 1))) ELSE 'unhashable:' || RAWTOHEX(SYS_GUID()) END)" },
    };

    [Theory]
    [MemberData(nameof(CanonicalTextCases))]
    public void Every_type_has_its_canonical_text_expression(string declared, string expected) =>
        Assert.Equal(expected, Dialect.CanonicalText("c", Column("C", declared)));

    [Fact]
    public void Date_logical_type_is_formatted_without_time() =>
        Assert.Equal("TO_CHAR(c, 'YYYY-MM-DD')", Dialect.CanonicalText("c", new SideColumn(new ColumnInfo("C", "DATE", LogicalType.Timestamp, true, 0), LogicalType.Date)));

    /// <summary>TO_CHAR(n, 'TM9') output as Oracle documents it (shortest text, no leading zero before the
    /// point) for sample NUMBER values, put through the dialect's CASE: the hash contract's decimal text.</summary>
    [Theory]
    [InlineData("0.5", ".5")]
    [InlineData("-0.5", "-.5")]
    [InlineData("0.0001", ".0001")]
    [InlineData("12.5", "12.5")]
    [InlineData("-12.5", "-12.5")]
    [InlineData("0", "0")]
    [InlineData("100", "100")]
    [InlineData("12345678901234567890123456789012345678", "12345678901234567890123456789012345678")]
    [InlineData("-1234567890123456789012345678.0123456789", "-1234567890123456789012345678.0123456789")]
    public void Number_text_gets_its_leading_zero_back(string value, string oracleTm9)
    {
        var sql = OracleDialect.ExactNumberText("c");
        Assert.Contains("WHEN c > 0 AND c < 1 THEN '0' || ", sql);
        Assert.Contains("WHEN c < 0 AND c > -1 THEN '-0' || SUBSTR(", sql);
        var number = BigDecimal(value);
        var result = number.Sign > 0 && number.Below1 ? "0" + oracleTm9
            : number.Sign < 0 && number.Below1 ? "-0" + oracleTm9[1..]
            : oracleTm9;
        Assert.Equal(ProviderValues.CanonicalDecimal(value), result);
    }

    /// <summary>TO_CHAR(d, '9.99999999999999EEEE') as Oracle documents it (a blank sign position for
    /// positives, upper-case E, two exponent digits below 100), then LOWER(TRIM(...)): C's %.14e.</summary>
    [Theory]
    [InlineData(1234.5, " 1.23450000000000E+03")]
    [InlineData(-0.001, "-1.00000000000000E-03")]
    [InlineData(0.1, " 1.00000000000000E-01")]
    [InlineData(1e300, " 1.00000000000000E+300")]
    [InlineData(-2.5e-7, "-2.50000000000000E-07")]
    public void Float_text_is_the_lower_cased_trimmed_eeee_format(double value, string oracleEeee)
    {
        Assert.Contains("LOWER(TRIM(TO_CHAR(", OracleDialect.FloatText("d"));
        Assert.Equal(CanonicalForms.Float(value), oracleEeee.Trim().ToLowerInvariant());
    }

    /// <summary>The SQL folds the unsigned hex number u into the signed range with MOD(u + 2^63, 2^64) - 2^63:
    /// computed here for real MD5s, it equals the engine's row hash read as a signed BIGINT.</summary>
    [Theory]
    [InlineData("N")]
    [InlineData("1:12:x|1:y")]
    [InlineData("6:<null>")]
    [InlineData("1:12:日本")]
    public void Row_hash_folding_matches_the_engine_hash(string rowText)
    {
        var sql = Dialect.RowHashExpression([Id]);
        Assert.Contains("'XXXXXXXXXXXXXXXX') + 9223372036854775808, 18446744073709551616) - 9223372036854775808)", sql);

        var hex = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(rowText)))[..16];
        var unsigned = BigInteger.Parse("0" + hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var twoTo63 = BigInteger.One << 63;
        var folded = (long)(BigInteger.Remainder(unsigned + twoTo63, BigInteger.One << 64) - twoTo63);

        var writer = new CanonicalRowWriter();
        writer.Reset();
        foreach (var field in CanonicalTextFields.Parse(rowText))
        {
            if (field is null)
            {
                writer.AppendNull();
            }
            else
            {
                writer.AppendValue(field);
            }
        }

        Assert.Equal(unchecked((long)writer.Hash()), folded);
    }

    [Fact]
    public void Row_text_uses_code_point_lengths_with_null_as_N_and_empty_as_zero()
    {
        var text = Dialect.RowTextExpression([Id, Code]);
        Assert.Equal(
            "(CASE WHEN \"ID\" IS NULL THEN 'N' ELSE (TO_CHAR(NVL(LENGTH4(TO_CHAR(\"ID\")), 0)) || ':' || TO_CHAR(\"ID\")) END || " +
            "CASE WHEN \"CODE\" IS NULL THEN 'N' ELSE (TO_CHAR(NVL(LENGTH4(\"CODE\"), 0)) || ':' || \"CODE\") END)", text);
    }

    [Fact]
    public void Keys_compare_plainly_under_the_binary_session_sort_and_first_n_is_fetch_first()
    {
        Assert.Equal("\"CODE\"", Dialect.KeyComparable(Code));
        Assert.Equal("SELECT 1 FROM DUAL FETCH FIRST 3 ROWS ONLY", Dialect.First("SELECT 1 FROM DUAL", 3));
        Assert.Equal("MOD(a, b)", Dialect.Modulo("a", "b"));
        Assert.Equal(":p3", Dialect.ParameterName(3));
        Assert.Equal("\"we\"\"ird\"", Dialect.QuoteIdentifier("we\"ird"));
    }

    [Fact]
    public void Text_keys_are_ordered_by_code_point_and_the_partition_hash_is_the_contract_row_hash()
    {
        Assert.True(Dialect.OrdersTextByCodePoint);
        Assert.Equal($"MOD((MOD({Dialect.RowHashExpression([Code])}, 1152921504606846976) + 1152921504606846976), 1152921504606846976)",
            Dialect.PartitionHashExpression([Code]));
    }

    [Fact]
    public void Select_expressions_convert_what_drivers_cannot_carry()
    {
        Assert.Equal(OracleDialect.ExactNumberText("\"AMOUNT\"") + " AS \"AMOUNT\"", Dialect.SelectExpression(Amount));
        Assert.Equal("TO_BINARY_DOUBLE(\"F\") AS \"F\"", Dialect.SelectExpression(Column("F", "FLOAT(126)")));
        Assert.Equal("\"F\"", Dialect.SelectExpression(Column("F", "BINARY_DOUBLE")));
        Assert.Equal("SYS_EXTRACT_UTC(\"T\") AS \"T\"", Dialect.SelectExpression(Column("T", "TIMESTAMP(6) WITH TIME ZONE")));
        Assert.Equal("RTRIM(\"S\") AS \"S\"", Dialect.SelectExpression(Column("S", "CHAR(4)")));
        Assert.Equal("\"ID\"", Dialect.SelectExpression(Id));
    }

    [Theory]
    [InlineData("NUMBER(10,0)", LogicalType.Integer)]
    [InlineData("NUMBER(18,0)", LogicalType.Integer)]
    [InlineData("NUMBER(19,0)", LogicalType.Decimal)]
    [InlineData("NUMBER(*,0)", LogicalType.Decimal)]
    [InlineData("NUMBER", LogicalType.Decimal)]
    [InlineData("NUMBER(12,2)", LogicalType.Decimal)]
    [InlineData("FLOAT(126)", LogicalType.Float)]
    [InlineData("BINARY_FLOAT", LogicalType.Float)]
    [InlineData("BINARY_DOUBLE", LogicalType.Float)]
    [InlineData("VARCHAR2(20)", LogicalType.Text)]
    [InlineData("NVARCHAR2(20)", LogicalType.Text)]
    [InlineData("CHAR(3)", LogicalType.Text)]
    [InlineData("CLOB", LogicalType.Text)]
    [InlineData("DATE", LogicalType.Timestamp)]
    [InlineData("TIMESTAMP(6)", LogicalType.Timestamp)]
    [InlineData("TIMESTAMP(3) WITH TIME ZONE", LogicalType.Timestamp)]
    [InlineData("RAW", LogicalType.Binary)]
    [InlineData("BLOB", LogicalType.Binary)]
    [InlineData("BOOLEAN", LogicalType.Boolean)]
    public void Types_map_to_logical_types(string declared, LogicalType expected) => Assert.Equal(expected, Dialect.MapType(declared));

    [Theory]
    [InlineData("NUMBER", null, null, null, "NUMBER")]
    [InlineData("NUMBER", null, 0, null, "NUMBER(*,0)")]
    [InlineData("NUMBER", 12, 2, null, "NUMBER(12,2)")]
    [InlineData("FLOAT", 126, null, null, "FLOAT(126)")]
    [InlineData("VARCHAR2", null, null, 20, "VARCHAR2(20)")]
    [InlineData("TIMESTAMP(6) WITH TIME ZONE", null, 6, null, "TIMESTAMP(6) WITH TIME ZONE")]
    public void Catalog_columns_become_declared_types(string dataType, int? precision, int? scale, int? length, string expected) =>
        Assert.Equal(expected, OracleDialect.DeclaredType(dataType, precision, scale, length));

    [Theory]
    [MemberData(nameof(ChecksumCases))]
    public void Checksums_of_any_size_and_sign_reduce_modulo_2_to_the_64(object value, ulong expected)
    {
        using var table = new DataTable();
        table.Columns.Add("sum", value.GetType());
        table.Rows.Add(value);
        using var reader = table.CreateDataReader();
        Assert.True(reader.Read());
        Assert.Equal(expected, Dialect.ReadChecksum(reader, 0));
    }

    public static TheoryData<object, ulong> ChecksumCases() => new()
    {
        { 18446744073709551621m, 5UL },                 // 2^64 + 5
        { -1m, ulong.MaxValue },
        { -18446744073709551617m, ulong.MaxValue },     // -(2^64 + 1)
        { 9223372036854775808m, 9223372036854775808UL }, // 2^63, beyond long
        { "36893488147419103237", 5UL },                // 2 * 2^64 + 5, as text
        { "-36893488147419103233", ulong.MaxValue },    // -(2 * 2^64 + 1), as text
        { -42L, unchecked((ulong)-42L) },
    };

    [Fact]
    public async Task Opening_without_the_driver_says_what_to_install()
    {
        var missing = Path.Combine(Path.GetTempPath(), "twinspin-no-oracle-" + Guid.NewGuid().ToString("N"));
        var error = await Assert.ThrowsAsync<TwinSpinException>(() => new OracleDialect(missing).OpenAsync("Data Source=x", CancellationToken.None));
        Assert.Equal(ErrorCode.DriverNotFound, error.Code);
        Assert.Contains(missing, error.Message);
        Assert.Contains("Oracle.ManagedDataAccess.Core", error.Message);
        Assert.Contains("TWINSPIN_ORACLE_DRIVER", error.Message);
    }

    /// <summary>Sign and |value| &lt; 1 of decimal text of any length (NUMBER(38) overflows System.Decimal).</summary>
    private static (int Sign, bool Below1) BigDecimal(string value)
    {
        var digits = value.TrimStart('-');
        var integral = digits.Split('.')[0].TrimStart('0');
        var zero = digits.All(c => c is '0' or '.');
        return (zero ? 0 : value.StartsWith('-') ? -1 : 1, integral.Length == 0);
    }
}
