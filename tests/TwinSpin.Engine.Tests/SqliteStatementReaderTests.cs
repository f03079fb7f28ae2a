using Apache.Arrow;
using Microsoft.Data.Sqlite;
using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Endpoints;
using Xunit;
using TwinSpin.Engine.Endpoints.Sqlite;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// The direct SQLite reader must give the Arrow batch Microsoft.Data.Sqlite's reader gives, value for value,
/// whatever a column holds: every storage class in every logical type, invalid UTF-8, timestamps in and out
/// of the usual layout, and rules applied as values are read.
/// </summary>
public sealed class SqliteStatementReaderTests
{
    private static readonly (string Name, string Declared, LogicalType Type)[] Columns =
    [
        ("id", "INTEGER", LogicalType.Integer),
        ("i", "INTEGER", LogicalType.Integer),
        ("f", "REAL", LogicalType.Float),
        ("t", "TEXT", LogicalType.Text),
        ("d", "DECIMAL(12,2)", LogicalType.Decimal),
        ("ts", "TIMESTAMP", LogicalType.Timestamp),
        ("b", "BLOB", LogicalType.Binary),
        ("dt", "DATE", LogicalType.Date),
        ("flag", "BOOLEAN", LogicalType.Boolean),
    ];

    [Theory]
    [InlineData("UTF-8")]
    [InlineData("UTF-16le")] // text is handed out as UTF-8 whatever the database stores
    public async Task Both_readers_fill_the_same_batch(string encoding)
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "values.db");
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                PRAGMA encoding = '{encoding}';
                CREATE TABLE v ({string.Join(", ", Columns.Select(c => $"{c.Name} {c.Declared}"))});
                INSERT INTO v VALUES (1, 5, 1.5, 'plain', 12.5, '2024-02-29 23:59:59.123456', X'00FF', '2024-02-29', 1);
                INSERT INTO v VALUES (2, '7', 3, 'é ü 😀', '12.50', '2024-02-29T23:59:59', X'', '2024-03-01 00:00:00', 0);
                INSERT INTO v VALUES (3, 9.0, '2.25', CAST(X'FF61' AS TEXT), 3, '2024-01-01 10:00:00.1234567', 'text in blob', 2460000.5, '1');
                INSERT INTO v VALUES (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
                INSERT INTO v VALUES (5, -9223372036854775808, -0.0, '', -0.10, 1700000000, X'01', 19000, 2);
                INSERT INTO v VALUES (6, 42, 1e300, '  padded  ', '1E+2', '2024-02-29 12:00:00.5', X'02', '2024-02-29 12:00', 0.0);
                """;
            command.ExecuteNonQuery();
        }

        foreach (var rules in new[] { ColumnRules.Exact, ColumnRules.Exact with { Trim = true, IgnoreCase = true, EmptyAsNull = true, TimestampDigits = 3 } })
        {
            var planned = Columns.Select(c => new PlannedColumn(c.Name, c.Type, Info(c), Info(c)) { Rules = c.Type is LogicalType.Text or LogicalType.Timestamp ? rules : ColumnRules.Exact }).ToList();
            var sql = $"SELECT {string.Join(", ", Columns.Select(c => c.Name))} FROM v WHERE id >= @p0 ORDER BY id";
            await using var connection = (SqliteConnection)await SqliteDialect.Instance.OpenAsync($"Data Source={path}", CancellationToken.None);

            using var expected = await ReadWithProviderAsync(connection, sql, planned);
            using var direct = SqliteStatementReader.Open(connection, sql, [1L], SqliteDialect.Instance.ParameterName, CancellationToken.None);
            using var actual = await ArrowBatchReader.ReadAsync(direct, planned, CancellationToken.None);

            Assert.Equal(6, actual.Length);
            for (var c = 0; c < planned.Count; c++)
            {
                for (var row = 0; row < actual.Length; row++)
                {
                    Assert.Equal(Display(expected, c, row, planned[c].Type), Display(actual, c, row, planned[c].Type));
                }
            }
        }
    }

    [Fact]
    public async Task Later_reads_of_the_same_columns_leave_earlier_batches_intact()
    {
        // Reads of one plan reuse its Arrow builders: a read cut off at its row limit, and every later read,
        // must leave the batches already built as they were, and start from empty builders.
        await using var connection = (SqliteConnection)await SqliteDialect.Instance.OpenAsync("Data Source=:memory:", CancellationToken.None);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                CREATE TABLE v (id INTEGER PRIMARY KEY, t TEXT, f REAL);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
                INSERT INTO v SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE 'row ' || i END, CASE WHEN i % 5 = 0 THEN NULL ELSE i / 4.0 END FROM n;
                """;
            command.ExecuteNonQuery();
        }

        var planned = new[] { ("id", LogicalType.Integer), ("t", LogicalType.Text), ("f", LogicalType.Float) }
            .Select(c => new PlannedColumn(c.Item1, c.Item2, Info((c.Item1, "", c.Item2)), Info((c.Item1, "", c.Item2)))).ToList();
        async Task<RecordBatch?> ReadAsync(long from, long to, int maxRows)
        {
            using var reader = SqliteStatementReader.Open(connection, "SELECT id, t, f FROM v WHERE id BETWEEN @p0 AND @p1 ORDER BY id", [from, to],
                SqliteDialect.Instance.ParameterName, CancellationToken.None);
            return await ArrowBatchReader.ReadAsync(reader, planned, maxRows, CancellationToken.None);
        }

        using var first = (await ReadAsync(1, 500, int.MaxValue))!;
        Assert.Null(await ReadAsync(1, 300, 100));
        using var second = (await ReadAsync(201, 210, int.MaxValue))!;
        using var third = (await ReadAsync(7, 7, int.MaxValue))!;

        foreach (var (batch, from, to) in new[] { (first, 1L, 500L), (second, 201L, 210L), (third, 7L, 7L) })
        {
            Assert.Equal(to - from + 1, batch.Length);
            for (var row = 0; row < batch.Length; row++)
            {
                var id = from + row;
                Assert.Equal(id, ((Int64Array)batch.Column(0)).GetValue(row));
                Assert.Equal(id % 7 == 0 ? null : $"row {id}", ((StringArray)batch.Column(1)).GetString(row));
                Assert.Equal(id % 5 == 0 ? null : id / 4.0, ((DoubleArray)batch.Column(2)).GetValue(row));
            }
        }
    }

    [Fact]
    public async Task Only_a_direct_reader_is_read_synchronously_also_when_observed()
    {
        // A server driver's reader must keep its asynchronous reads (a synchronous read would block a pool thread
        // on the network); the direct SQLite reader is read in one synchronous call, observed or not.
        await using var connection = (SqliteConnection)await SqliteDialect.Instance.OpenAsync("Data Source=:memory:", CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await using var provider = await command.ExecuteReaderAsync();
        using var direct = SqliteStatementReader.Open(connection, "SELECT 1", [], SqliteDialect.Instance.ParameterName, CancellationToken.None);

        Assert.True(((ISynchronousReader)direct).IsSynchronous);
        Assert.True(new RowObservingReader(direct, _ => { }).IsSynchronous);
        Assert.False(new RowObservingReader(provider, _ => { }).IsSynchronous);
    }

    [Fact]
    public void A_failing_statement_is_a_database_error()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var error = Assert.Throws<SqliteException>(() => SqliteStatementReader.Open(connection, "SELECT * FROM missing", [], SqliteDialect.Instance.ParameterName, CancellationToken.None));
        Assert.Contains("missing", error.Message);
    }

    private static async Task<RecordBatch> ReadWithProviderAsync(SqliteConnection connection, string sql, IReadOnlyList<PlannedColumn> planned)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@p0", 1L);
        await using var reader = await command.ExecuteReaderAsync();
        return await ArrowBatchReader.ReadAsync(reader, planned, CancellationToken.None);
    }

    private static string Display(RecordBatch batch, int column, int row, LogicalType type) =>
        ArrowValues.ToDisplay(batch.Column(column), row, type) switch
        {
            null => "<null>",
            byte[] bytes => Convert.ToHexString(bytes),
            var value => $"{value.GetType().Name}:{Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}",
        };

    private static ColumnInfo Info((string Name, string Declared, LogicalType Type) c) => new(c.Name, c.Declared, c.Type, true, c.Name == "id" ? 1 : 0);
}
