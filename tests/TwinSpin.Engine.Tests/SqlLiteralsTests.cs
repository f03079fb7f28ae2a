using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Endpoints.Db2;
using TwinSpin.Engine.Endpoints.MariaDb;
using TwinSpin.Engine.Endpoints.Oracle;
using TwinSpin.Engine.Endpoints.PostgreSql;
using TwinSpin.Engine.Endpoints.Sqlite;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// Repair scripts' literals: on the engines that run here, random awkward text and binary written as literals and
/// read back by the database itself (SELECT literal) must come back exactly; DB2 and Oracle, which cannot run here,
/// against their documented limits (string constants of 32,704 and 4,000 bytes, SQL*Plus lines of 2,499 characters).
/// </summary>
public sealed class SqlLiteralsTests
{
    private static readonly string[] Awkward = ["'", "''", "\\", "\\n", "\t", "\r\n", "\u0001", "\u001f", "é", "王", "😀", "%", "&amp;", ";", "--", "/*", "$$", "?", "\"", " "];

    /// <summary>Random text from awkward pieces and letters; never NUL (no text type of these databases holds it).</summary>
    private static string RandomText(Random random, int pieces)
    {
        var text = new StringBuilder();
        for (var i = 0; i < pieces; i++)
        {
            text.Append(random.Next(3) == 0 ? (char)('a' + random.Next(26)) : Awkward[random.Next(Awkward.Length)]);
        }

        return text.ToString();
    }

    private static IEnumerable<string> Texts(int seed)
    {
        var random = new Random(seed);
        yield return string.Empty;
        yield return new string('x', 70_000);
        for (var i = 0; i < 60; i++)
        {
            yield return RandomText(random, random.Next(1, 40));
        }
    }

    private static async Task<object?> SelectAsync(DbConnection connection, string expression)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + expression;
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task Sqlite_reads_back_every_text_and_binary_literal_exactly()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        foreach (var text in Texts(1))
        {
            Assert.Equal(text, await SelectAsync(connection, SqliteLiterals.Instance.Literal(text, LogicalType.Text)));
        }

        byte[] bytes = [0, 255, 16, 39, 92];
        Assert.Equal(bytes, await SelectAsync(connection, SqliteLiterals.Instance.Literal(bytes, LogicalType.Binary)));
    }

    [Fact]
    public async Task PostgreSql_reads_back_every_text_binary_and_decimal_literal_exactly()
    {
        using var database = new PostgresDatabase();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var literals = PostgreSqlLiterals.Instance;
        foreach (var sql in literals.SessionStatements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        foreach (var text in Texts(2))
        {
            Assert.Equal(text, await SelectAsync(connection, literals.Literal(text, LogicalType.Text)));
        }

        byte[] bytes = [0, 255, 16, 39, 92];
        Assert.Equal(bytes, await SelectAsync(connection, literals.Literal(bytes, LogicalType.Binary)));
        const string exact = "1234567890123456789012345678.1234567890";
        Assert.Equal(exact, (await SelectAsync(connection, $"CAST({literals.Literal(exact, LogicalType.Decimal)} AS NUMERIC(38,10))::text"))!.ToString());
        var at = new DateTime(2262, 4, 11, 23, 47, 16, DateTimeKind.Utc).AddTicks(8547750);
        Assert.Equal(at, await SelectAsync(connection, literals.Literal(at, LogicalType.Timestamp)));
        Assert.True(double.IsNaN((double)(await SelectAsync(connection, literals.Literal(double.NaN, LogicalType.Float)))!));
    }

    [Fact]
    public async Task MariaDb_reads_back_every_text_literal_exactly_whatever_sql_mode_says_about_backslashes()
    {
        using var database = new MariaDbDatabase();
        await using var connection = new MySqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var literals = MariaDbLiterals.Instance;
        foreach (var mode in new[] { "SET sql_mode = ''", "SET sql_mode = 'NO_BACKSLASH_ESCAPES'" })
        {
            await using (var command = new MySqlCommand(mode, connection))
            {
                await command.ExecuteNonQueryAsync();
            }

            foreach (var text in Texts(3))
            {
                var back = await SelectAsync(connection, $"CAST({literals.Literal(text, LogicalType.Text)} AS CHAR CHARACTER SET utf8mb4)");
                Assert.Equal(text, back);
            }
        }

        Assert.StartsWith("_utf8mb4 X'", literals.Literal("a\\b", LogicalType.Text));
        Assert.Equal("'it''s'", literals.Literal("it's", LogicalType.Text));
    }

    [Fact]
    public void Oracle_splits_long_text_into_clob_pieces_under_its_limits_that_join_back_to_the_value()
    {
        var random = new Random(4);
        for (var i = 0; i < 40; i++)
        {
            var text = RandomText(random, random.Next(200, 3000)).Replace("\n", " ").Replace("\r", " ");
            var literal = OracleLiterals.Instance.Literal(text, LogicalType.Text);
            if (Encoding.UTF8.GetByteCount(text) <= 1000)
            {
                Assert.Equal("'" + text.Replace("'", "''") + "'", literal);
                continue;
            }

            var lines = literal.Split('\n');
            Assert.All(lines, line => Assert.True(line.Length <= 2499, "SQL*Plus reads lines of at most 2,499 characters"));
            var pieces = lines.Select(line => line.StartsWith("|| ", StringComparison.Ordinal) ? line[3..] : line).ToList();
            Assert.All(pieces, piece => Assert.Matches("^TO_CLOB\\('.*'\\)$", piece));
            var values = pieces.Select(piece => piece["TO_CLOB('".Length..^2].Replace("''", "'")).ToList();
            Assert.All(values, value => Assert.True(Encoding.UTF8.GetByteCount(value) <= 1000, "a piece is a literal of at most 4,000 bytes"));
            Assert.Equal(text, string.Concat(values));
        }
    }

    [Fact]
    public void Oracle_literals_follow_its_documented_syntax()
    {
        var oracle = OracleLiterals.Instance;
        Assert.Equal("HEXTORAW('00FF10')", oracle.Literal(new byte[] { 0, 255, 16 }, LogicalType.Binary));
        Assert.Equal(TwinSpin.Engine.ErrorCode.TypeMismatch,
            Assert.Throws<TwinSpinException>(() => oracle.Literal(new byte[2001], LogicalType.Binary)).Code);
        var at = new DateTime(2024, 2, 29, 12, 34, 56, DateTimeKind.Utc).AddTicks(10);
        Assert.Equal("TIMESTAMP '2024-02-29 12:34:56.000001'", oracle.Literal(at, LogicalType.Timestamp));
        Assert.Equal("DATE '2024-02-29'", oracle.Literal(at.Date, LogicalType.Date));
        Assert.Equal("BINARY_DOUBLE_NAN", oracle.Literal(double.NaN, LogicalType.Float));
        Assert.Equal("1", oracle.Literal(true, LogicalType.Boolean));
        Assert.Equal(["SET DEFINE OFF", "SET SQLBLANKLINES ON"], oracle.ClientDirectives);
        Assert.Equal(["ALTER SESSION SET TIME_ZONE = 'UTC'"], oracle.SessionStatements);
        Assert.Empty(oracle.BeginTransaction);
    }

    [Fact]
    public void Db2_literals_follow_its_documented_syntax_and_split_text_over_a_constants_limit()
    {
        var db2 = Db2Literals.Instance;
        Assert.Equal("BX'00FF10'", db2.Literal(new byte[] { 0, 255, 16 }, LogicalType.Binary));
        var at = new DateTime(2024, 2, 29, 12, 34, 56, DateTimeKind.Utc).AddTicks(10);
        Assert.Equal("TIMESTAMP('2024-02-29-12.34.56.000001')", db2.Literal(at, LogicalType.Timestamp));
        Assert.Equal("DATE('2024-02-29')", db2.Literal(at.Date, LogicalType.Date));
        Assert.Equal("'it''s'", db2.Literal("it's", LogicalType.Text));

        var text = string.Concat(Enumerable.Repeat("Åström's ✓ ", 9000)); // about 110,000 bytes
        var literal = db2.Literal(text, LogicalType.Text);
        var pieces = literal.Split(" || ");
        Assert.True(pieces.Length >= 4);
        Assert.All(pieces, piece => Assert.Matches("^CLOB\\('.*'\\)$", piece));
        var values = pieces.Select(piece => piece["CLOB('".Length..^2].Replace("''", "'")).ToList();
        Assert.All(values, value => Assert.True(Encoding.UTF8.GetByteCount(value) <= 32_704, "a string constant holds at most 32,704 bytes"));
        Assert.Equal(text, string.Concat(values));
    }

    [Theory]
    [InlineData("1; DROP TABLE t")]
    [InlineData("1)")]
    [InlineData("0x10")]
    [InlineData("")]
    public void A_decimal_that_is_not_a_number_is_refused_never_spliced(string value) =>
        Assert.Equal(TwinSpin.Engine.ErrorCode.TypeMismatch,
            Assert.Throws<TwinSpinException>(() => SqlLiterals.Standard.Literal(value, LogicalType.Decimal)).Code);

    [Theory]
    [InlineData("12345678901234567890123456789012345678")]
    [InlineData("-0.0000000001")]
    [InlineData("1.5E+30")]
    public void A_decimal_keeps_every_digit_it_was_given(string value) =>
        Assert.Equal(value, SqlLiterals.Standard.Literal(value, LogicalType.Decimal));

    [Fact]
    public void A_double_is_written_so_that_it_reads_back_to_the_same_bits()
    {
        var random = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(value))
            {
                continue;
            }

            Assert.Equal(value, double.Parse(SqlLiterals.Standard.Literal(value, LogicalType.Float), CultureInfo.InvariantCulture));
        }
    }
}
