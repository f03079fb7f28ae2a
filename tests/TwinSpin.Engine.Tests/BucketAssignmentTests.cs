using System.Data.Common;
using Microsoft.Data.Sqlite;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;
using Xunit;
using TwinSpin.Engine.Endpoints.MariaDb;
using TwinSpin.Engine.Endpoints.PostgreSql;
using TwinSpin.Engine.Endpoints.Sqlite;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// Each engine puts every row in the bucket the boundaries define (bucket i = keys from boundary i-1
/// inclusive to boundary i exclusive), whether the SQL computes it arithmetically (evenly spaced
/// boundaries), as a binary tree of CASEs, or linearly: the truth is a binary search in C#.
/// </summary>
public sealed class BucketAssignmentTests
{
    public enum Engine
    {
        Sqlite,
        PostgreSql,
        MariaDb,
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.PostgreSql)]
    [InlineData(Engine.MariaDb)]
    public async Task Every_row_lands_in_the_bucket_its_boundaries_define(Engine engine)
    {
        var random = new Random(71);
        var keys = Enumerable.Range(0, 3000).Select(_ => random.NextInt64(-5_000_000, 5_000_000)).Distinct().ToList();
        keys.AddRange([long.MaxValue / 4, -(long.MaxValue / 4)]);
        await using var table = await KeyTable.CreateAsync(engine, keys);

        var min = keys.Min();
        var max = keys.Max();
        var cases = new List<(string Shape, SplitPoints Points)>
        {
            ("uniform, wide", SplitPlanner.ByValue(min, max, 1000)),
            ("uniform, uneven span", SplitPlanner.ByValue(min, max, 7)),
            ("uniform, inner range", SplitPlanner.ByValue(-1_000_000, 1_000_000, 300)),
            ("tree", new SplitPoints(SplitPlanner.ByValue(min, max, 37).Boundaries)),
            ("linear", new SplitPoints(SplitPlanner.ByValue(min, max, 5).Boundaries)),
        };

        foreach (var (shape, points) in cases)
        {
            Assert.True(shape.StartsWith("uniform", StringComparison.Ordinal) == points.Step is not null, shape);
            var range = shape == "uniform, inner range" ? new KeyRange(new KeyBound([-1_000_000L]), new KeyBound([1_000_001L])) : KeyRange.All;
            var expected = keys.Where(range.ContainsForTest)
                .GroupBy(k => Bucket(points, k)).ToDictionary(g => g.Key, g => (Rows: (long)g.Count(), Min: g.Min(), Max: g.Max()));

            var actual = await table.BucketStatsAsync(range, points);

            Assert.Equal(expected.OrderBy(e => e.Key).Select(e => (e.Key, e.Value.Rows, e.Value.Min, e.Value.Max)),
                actual.OrderBy(a => a.Bucket).Select(a => (a.Bucket, a.Rows, Convert.ToInt64(a.MinKey), Convert.ToInt64(a.MaxKey))));
        }
    }

    /// <summary>The number of boundaries at or below the key.</summary>
    private static int Bucket(SplitPoints points, long key) => points.Boundaries.Count(b => (long)b.Values[0] <= key);

    /// <summary>A one-column integer-key table on one engine, queried with that engine's own bucket SQL.</summary>
    private sealed class KeyTable : IAsyncDisposable
    {
        private readonly DbConnection _connection;
        private readonly SqlDialect _dialect;
        private readonly IDisposable? _database;

        private KeyTable(DbConnection connection, SqlDialect dialect, IDisposable? database)
        {
            _connection = connection;
            _dialect = dialect;
            _database = database;
        }

        public static async Task<KeyTable> CreateAsync(Engine engine, IReadOnlyList<long> keys)
        {
            IDisposable? database = null;
            SqlDialect dialect;
            string connectionString;
            switch (engine)
            {
                case Engine.Sqlite:
                    dialect = new SqliteDialect();
                    connectionString = "Data Source=:memory:";
                    break;
                case Engine.PostgreSql:
                    var postgres = new PostgresDatabase();
                    database = postgres;
                    dialect = new PostgreSqlDialect();
                    connectionString = postgres.ConnectionString;
                    break;
                default:
                    var mariadb = new MariaDbDatabase();
                    database = mariadb;
                    dialect = new MariaDbDialect();
                    connectionString = mariadb.ConnectionString;
                    break;
            }

            var connection = await dialect.OpenAsync(connectionString, CancellationToken.None);
            await ExecuteAsync(connection, "CREATE TABLE k (id BIGINT NOT NULL PRIMARY KEY)");
            foreach (var chunk in keys.Chunk(500))
            {
                await ExecuteAsync(connection, $"INSERT INTO k (id) VALUES {string.Join(", ", chunk.Select(k => $"({k})"))}");
            }

            return new KeyTable(connection, dialect, database);
        }

        public async Task<List<BucketStats>> BucketStatsAsync(KeyRange range, SplitPoints points)
        {
            var column = new SideColumn(new ColumnInfo("id", "BIGINT", LogicalType.Integer, false, 0), LogicalType.Integer);
            var (sql, parameters) = new RangeQueries(_dialect, "k", 1, [column], null).BucketStats(range, points.Boundaries, withChecksum: false, points.Step);
            await using var command = _connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < parameters.Count; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = _dialect.ParameterName(i);
                parameter.Value = parameters[i];
                command.Parameters.Add(parameter);
            }

            var result = new List<BucketStats>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                result.Add(new BucketStats((int)reader.GetInt64(0), reader.GetInt64(1), 0, reader.GetValue(3), reader.GetValue(4)));
            }

            return result;
        }

        public async ValueTask DisposeAsync()
        {
            await _connection.DisposeAsync();
            _database?.Dispose();
        }

        private static async Task ExecuteAsync(DbConnection connection, string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }
}

internal static class KeyRangeTestExtensions
{
    /// <summary>Whether a one-column integer key lies in the range (lower inclusive, upper exclusive).</summary>
    public static bool ContainsForTest(this KeyRange range, long key) =>
        (range.Lower is null || key >= (long)range.Lower.Values[0]) && (range.Upper is null || key < (long)range.Upper.Values[0]);
}
