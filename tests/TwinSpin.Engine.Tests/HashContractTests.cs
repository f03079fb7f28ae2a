using Microsoft.Data.Sqlite;
using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Hashing;
using TwinSpin.Engine.Partitioning;
using Xunit;
using TwinSpin.Engine.Endpoints.Sqlite;

namespace TwinSpin.Engine.Tests;

/// <summary>The hash contract (docs/hash-contract.md): canonical text, known MD5 vectors, and the
/// in-database hash agreeing with the engine's hash of the fetched Arrow values on every row.</summary>
public sealed class HashContractTests
{
    // Expected values computed independently: python3 hashlib.md5(text.encode()).hexdigest()[:16] as an integer.
    [Theory]
    [InlineData("1:12:x|N", 10880695852548047805UL)]
    [InlineData("1:12:x|1:y", 1079738708934858591UL)]
    [InlineData("1:11:x2:|y", 6315787356057658601UL)]
    [InlineData("N", 10204084167934985379UL)]
    [InlineData("6:<null>", 1470501690593363310UL)]
    [InlineData("1:12:日本", 3978180388319812380UL)]
    public void Row_hash_is_the_first_64_bits_of_md5_big_endian(string canonicalText, ulong expected)
    {
        var writer = new CanonicalRowWriter();
        writer.Reset();
        // Rebuild the text through the writer's own API to check the encoding, not just the digest.
        foreach (var field in CanonicalTextFields.Parse(canonicalText))
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

        Assert.Equal(canonicalText, writer.Text);
        Assert.Equal(expected, writer.Hash());
    }

    [Fact]
    public void Separators_inside_values_and_null_markers_do_not_collide()
    {
        Assert.NotEqual(Hash(1L, "x|", "y"), Hash(1L, "x", "|y"));
        Assert.NotEqual(Hash(1L, null, "a"), Hash(1L, "<null>", "a"));
        Assert.NotEqual(Hash(1L, null, "a"), Hash(1L, "N", "a"));
        Assert.NotEqual(Hash(1L, "", null), Hash(1L, null, ""));
        Assert.NotEqual(Hash(1L, "1:a", null), Hash(1L, "1", ":a"));
    }

    [Theory]
    [InlineData(0.0, "0.00000000000000e+00")]
    [InlineData(1234.5, "1.23450000000000e+03")]
    [InlineData(-0.001, "-1.00000000000000e-03")]
    [InlineData(1e300, "1.00000000000000e+300")]
    [InlineData(0.1, "1.00000000000000e-01")]
    public void Float_canonical_form_is_C_printf_e14(double value, string expected) =>
        Assert.Equal(expected, CanonicalForms.Float(value));

    [Fact]
    public void Negative_zero_is_zero() => Assert.Equal("0.00000000000000e+00", CanonicalForms.Float(-0.0));

    [Theory]
    [InlineData("1.10", "1.1")]
    [InlineData("-001.500", "-1.5")]
    [InlineData("-0.00", "0")]
    [InlineData("100", "100")]
    [InlineData(".5", "0.5")]
    [InlineData("12345678901234567890123456789012345678", "12345678901234567890123456789012345678")]
    [InlineData("-0", "0")]
    [InlineData("0", "0")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("0.50", "0.5")]
    [InlineData("00.5", "0.5")]
    [InlineData("1.", "1")]
    [InlineData("+1", "1")]
    [InlineData("-12.05", "-12.05")]
    public void Decimal_canonical_form_is_exact_without_trailing_zeros(string input, string expected)
    {
        Assert.Equal(expected, ProviderValues.CanonicalDecimal(input));
        Assert.Equal(expected, ProviderValues.ToDecimalText(input)); // as a driver's text, beyond System.Decimal too
    }

    [Fact]
    public void Timestamps_are_truncated_to_microseconds_in_utc()
    {
        Assert.Equal("2024-02-29 23:59:59.123456", CanonicalForms.Timestamp(ProviderValues.ToTimestampMicros("2024-02-29 23:59:59.1234567")));
        Assert.Equal("2024-03-01 00:00:00.000000", CanonicalForms.Timestamp(ProviderValues.ToTimestampMicros("2024-03-01T01:00:00+01:00")));
        Assert.Equal("1969-12-31 23:59:59.999999", CanonicalForms.Timestamp(ProviderValues.ToTimestampMicros(new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999))));
    }

    [Theory]
    [InlineData(KeyShape.Integer, 11)]
    [InlineData(KeyShape.Text, 12)]
    [InlineData(KeyShape.Compound, 13)]
    public async Task Sql_side_and_engine_side_row_hashes_agree_on_every_row(KeyShape shape, int seed)
    {
        using var directory = new TempDirectory();
        var pair = new RandomTablePair(seed, shape, rows: 1500, perturbations: 0);
        var (source, _) = pair.Write(directory);
        await HashAgreement.AssertSqlEqualsEngineAsync(SqliteTables.Spec(source), pair.KeyColumns, pair.Source.Count);
    }

    [Fact]
    public async Task A_utf16_database_hashes_its_text_as_utf8_in_sql_and_compares_equal_to_a_utf8_copy()
    {
        // SQLite hands text to the registered functions in the database's encoding unless asked for UTF-8.
        using var directory = new TempDirectory();
        const string create = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, ts TIMESTAMP)";
        const string rows = "INSERT INTO t VALUES (1, 'plain', '2024-02-29 23:59:59.123456'), (2, 'é ü 😀', '2024-03-01 00:00:00'), (3, NULL, NULL)";
        var utf16 = SqliteTables.Create(directory, "utf16.db", "PRAGMA encoding = 'UTF-16le'", create, rows);
        var utf8 = SqliteTables.Create(directory, "utf8.db", create, rows);

        await HashAgreement.AssertSqlEqualsEngineAsync(SqliteTables.Spec(utf16), ["id"], 3);
        foreach (var strategy in new[] { Runner.CompareStrategy.Checksum, Runner.CompareStrategy.Rows })
        {
            var listener = new CollectingListener();
            await Runner.JobService.CompareAsync(new Runner.CompareRequest(SqliteTables.Spec(utf16), SqliteTables.Spec(utf8))
                { Options = new Runner.JobOptions { Strategy = strategy } }, listener, CancellationToken.None);
            Assert.Empty(listener.Discrepancies);
            Assert.Empty(listener.Warnings);
        }
    }

    [Fact]
    public void Sum_aggregate_wraps_modulo_2_to_the_64()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        SqliteHashFunctions.Register(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT twinspin_sum64(x) FROM (SELECT 9223372036854775807 AS x UNION ALL SELECT 9223372036854775807 UNION ALL SELECT 5)";
        var sum = unchecked((ulong)(long)command.ExecuteScalar()!);
        Assert.Equal(unchecked(ulong.MaxValue - 1 + 5), sum);
    }

    [Fact]
    public void A_row_hash_that_cannot_be_computed_fails_its_query_naming_the_function()
    {
        // The functions are called from SQLite's C code: an exception must come back as a query error, not end the process.
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        SqliteHashFunctions.Register(connection);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteHashFunctions.RowHash}('not a column spec', 1)";

        var error = Assert.Throws<SqliteException>(() => command.ExecuteScalar());
        Assert.Contains(SqliteHashFunctions.RowHash, error.Message);
        command.CommandText = $"SELECT {SqliteHashFunctions.RowHash}('I', 1)";
        Assert.NotNull(command.ExecuteScalar()); // the connection is still usable
    }

    private static ulong Hash(params object?[] values)
    {
        var writer = new CanonicalRowWriter();
        writer.Reset();
        foreach (var value in values)
        {
            SqliteHashFunctions.AppendRaw(writer, value is long ? LogicalType.Integer : LogicalType.Text, value);
        }

        return writer.Hash();
    }
}
