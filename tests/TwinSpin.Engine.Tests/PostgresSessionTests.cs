using System.Data.Common;
using Npgsql;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Endpoints.PostgreSql;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// What every PostgreSQL session TwinSpin opens is set to, through Npgsql and through psqlODBC, against the test
/// server: UTC, and JIT-compiled queries optimized (jit_optimize_above_cost 0) while the server's own jit and
/// jit_above_cost stay as they are.
/// </summary>
public sealed class PostgresSessionTests
{
    [Fact]
    public async Task A_native_session_optimizes_what_the_server_compiles_and_keeps_it_after_a_pooled_reuse()
    {
        using var database = new PostgresDatabase();
        // Pooled, as a user's connection string usually is: a session handed out again has been reset (DISCARD ALL).
        var pooled = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = true, MaxPoolSize = 1 }.ToString();
        var serverAboveCost = await SettingAsync(database.ConnectionString, "jit_above_cost");
        for (var open = 0; open < 2; open++) // the pool is cleared when the database is dropped
        {
            await using var connection = await PostgreSqlDialect.Instance.OpenAsync(pooled, CancellationToken.None);
            Assert.Equal("0", await SettingAsync(connection, "jit_optimize_above_cost"));
            Assert.Equal(serverAboveCost, await SettingAsync(connection, "jit_above_cost"));
            Assert.Equal("UTC", await SettingAsync(connection, "TimeZone"));
        }
    }

    [Fact]
    public async Task An_odbc_session_is_set_as_a_native_one()
    {
        using var database = new PostgresDatabase();
        var spec = OdbcEndpoints.Postgres(database, "t");
        await using var connection = await SqlDialect.For(spec).OpenAsync(spec.ConnectionString, CancellationToken.None);
        Assert.Equal("0", await SettingAsync(connection, "jit_optimize_above_cost"));
        Assert.Equal("UTC", await SettingAsync(connection, "TimeZone"));
    }

    /// <summary>The setting at work: a hashing scan the server JIT-compiles is optimized too. The scan is small, so
    /// this session lowers jit_above_cost itself (the server's default compiles scans of about a million rows).</summary>
    [Fact]
    public async Task A_hashing_scan_the_server_compiles_is_compiled_optimized()
    {
        using var database = new PostgresDatabase();
        database.Execute("CREATE TABLE t (id bigint PRIMARY KEY, name text)", "INSERT INTO t SELECT g, 'n' || g FROM generate_series(1, 1000) g");
        await using var connection = await PostgreSqlDialect.Instance.OpenAsync(database.ConnectionString, CancellationToken.None);
        Assert.Equal(true, await ScalarAsync(connection, "SELECT pg_jit_available()")); // Debian's postgresql-15 ships llvmjit

        await ScalarAsync(connection, "SET jit_above_cost = 0");
        var plan = (string)(await ScalarAsync(connection,
            "EXPLAIN (ANALYZE, FORMAT JSON) SELECT sum(hashint8extended(id, 1) # hashtextextended(name, 2)) FROM t"))!;
        Assert.Contains("\"Optimization\": true", plan, StringComparison.Ordinal);
        Assert.Contains("\"Inlining\": false", plan, StringComparison.Ordinal); // inlining still waits for its own threshold
    }

    private static async Task<string?> SettingAsync(string connectionString, string name)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await SettingAsync(connection, name);
    }

    private static async Task<string?> SettingAsync(DbConnection connection, string name) =>
        (string?)await ScalarAsync(connection, $"SELECT current_setting('{name}')");

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
