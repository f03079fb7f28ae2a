using Npgsql;
using NpgsqlTypes;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// A fresh database on the test PostgreSQL server (started by tests/setup/TestServers.ps1; its admin
/// connection string is in TWINSPIN_TEST_POSTGRES), dropped afterwards. Without the server the
/// tests fail: a skipped real-server test would hide a missing install step.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    /// <param name="admin">The server to create it on: the shared test server by default.</param>
    public PostgresDatabase(string? admin = null)
    {
        admin ??= Environment.GetEnvironmentVariable("TWINSPIN_TEST_POSTGRES")
            ?? throw new InvalidOperationException("TWINSPIN_TEST_POSTGRES is not set: run the tests with ./build.ps1 -Task Test, which starts PostgreSQL.");
        Name = "ts_" + Guid.NewGuid().ToString("N")[..12];
        AdminConnectionString = admin;
        Execute(admin, $"CREATE DATABASE {Name} ENCODING 'UTF8' TEMPLATE template0");
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = Name, Pooling = false }.ToString();
    }

    public string Name { get; }

    public string AdminConnectionString { get; }

    public string ConnectionString { get; }

    public Endpoints.EndpointSpec Spec(string table) => new(Endpoints.ProviderKind.PostgreSql, ConnectionString, table);

    public void Execute(params string[] statements)
    {
        foreach (var sql in statements)
        {
            Execute(ConnectionString, sql);
        }
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Writes rows with binary COPY; each value typed from its .NET type.</summary>
    public void Copy(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, IReadOnlyList<NpgsqlDbType> types)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var writer = connection.BeginBinaryImport($"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            writer.StartRow();
            for (var i = 0; i < row.Length; i++)
            {
                if (row[i] is null)
                {
                    writer.WriteNull();
                }
                else
                {
                    writer.Write(row[i], types[i]);
                }
            }
        }

        writer.Complete();
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            Execute(AdminConnectionString, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        }
        catch (NpgsqlException)
        {
        }
    }
}
