using Microsoft.Data.Sqlite;
using Npgsql;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Endpoints.PostgreSql;

namespace TwinSpin.Benchmarks;

/// <summary>
/// The floors of issue 4: the least any reconciliation of the pair can cost, measured on the same data
/// in the same run. Each reads both sides at once (two threads / two connections).
/// </summary>
public static class Floors
{
    /// <summary>Reads both tables fully through Microsoft.Data.Sqlite with typed getters, two threads.
    /// Returns the rows read on both sides.</summary>
    public static long Sqlite(string sourcePath, string targetPath)
    {
        var tasks = new[] { sourcePath, targetPath }.Select(path => Task.Factory.StartNew(() => ReadSqlite(path), TaskCreationOptions.LongRunning)).ToArray();
        Task.WaitAll(tasks);
        return tasks.Sum(t => t.Result.Rows);
    }

    private static (long Rows, long Sink) ReadSqlite(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM accounts ORDER BY id";
        using var reader = command.ExecuteReader();
        // One typed getter per column, chosen from the declared type (as a driver-level reader would).
        var getters = new Func<SqliteDataReader, int, long>[reader.FieldCount];
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var declared = reader.GetDataTypeName(i).ToUpperInvariant();
            getters[i] = declared switch
            {
                var d when d.Contains("INT") => static (r, o) => r.GetInt64(o),
                var d when d.Contains("REAL") || d.Contains("DEC") || d.Contains("NUM") || d.Contains("FLOA") || d.Contains("DOUB") =>
                    static (r, o) => (long)r.GetDouble(o),
                _ => static (r, o) => r.GetString(o).Length,
            };
        }

        long rows = 0, sink = 0;
        while (reader.Read())
        {
            for (var i = 0; i < getters.Length; i++)
            {
                if (!reader.IsDBNull(i))
                {
                    sink += getters[i](reader, i);
                }
            }

            rows++;
        }

        return (rows, sink);
    }

    /// <summary>The read floor: count(*) and the sum of one text column's length over the whole table, both sides in parallel.</summary>
    public static Task<long> PostgresReadAsync(string source, string target) =>
        BothAsync(source, target, _ => "SELECT count(*), sum(length(customer)) FROM accounts");

    /// <summary>The MD5 floor: count(*) and the MD5-contract checksum over the whole table (the engine's own
    /// row hash and checksum SQL for the non-key columns), both sides in parallel.</summary>
    public static Task<long> PostgresMd5Async(string source, string target) =>
        BothAsync(source, target, schema =>
        {
            var dialect = PostgreSqlDialect.Instance;
            var columns = schema.Columns.Where(c => c.PrimaryKeyOrdinal == 0).Select(c => new SideColumn(c, c.Type)).ToList();
            return $"SELECT count(*), {dialect.ChecksumAggregate(dialect.RowHashExpression(columns))} FROM accounts";
        });

    private static async Task<long> BothAsync(string source, string target, Func<TableSchema, string> sql)
    {
        var dialect = PostgreSqlDialect.Instance;
        async Task<long> One(string connectionString)
        {
            // Opened as TwinSpin opens it (session settings included), schema read before the clock matters little.
            await using var connection = await dialect.OpenAsync(connectionString, CancellationToken.None);
            var schema = await dialect.ReadSchemaAsync(connection, "accounts", CancellationToken.None)
                ?? throw new InvalidOperationException("No table accounts.");
            await using var command = connection.CreateCommand();
            command.CommandText = sql(schema);
            command.CommandTimeout = 0;
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return reader.GetInt64(0);
        }

        var results = await Task.WhenAll(One(source), One(target));
        return results.Sum();
    }

    public static async Task ExecutePostgresAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    public static async Task CreatePostgresDatabaseAsync(string connectionString, string name)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\"", connection);
        await drop.ExecuteNonQueryAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
    }
}
