using MySqlConnector;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// A fresh database on the test MariaDB server (started by tests/setup/TestServers.ps1; its admin
/// connection string is in TWINSPIN_TEST_MARIADB), dropped afterwards. Without the server the tests
/// fail: a skipped real-server test would hide a missing install step. The test's own connections run
/// in UTC, so TIMESTAMP values are written as given whatever the server's time zone.
/// </summary>
public sealed class MariaDbDatabase : IDisposable
{
    private const int RowsPerInsert = 200;

    public MariaDbDatabase()
    {
        var admin = Environment.GetEnvironmentVariable("TWINSPIN_TEST_MARIADB")
            ?? throw new InvalidOperationException("TWINSPIN_TEST_MARIADB is not set: run the tests with ./build.ps1 -Task Test, which starts MariaDB.");
        Name = "ts_" + Guid.NewGuid().ToString("N")[..12];
        AdminConnectionString = admin;
        Run(admin, $"CREATE DATABASE {Name} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
        ConnectionString = new MySqlConnectionStringBuilder(admin) { Database = Name, Pooling = false }.ConnectionString;
    }

    public string Name { get; }

    public string AdminConnectionString { get; }

    public string ConnectionString { get; }

    public Endpoints.EndpointSpec Spec(string table) => new(Endpoints.ProviderKind.MariaDb, ConnectionString, table);

    public void Execute(params string[] statements)
    {
        foreach (var sql in statements)
        {
            Run(ConnectionString, sql);
        }
    }

    /// <summary>Inserts rows with bound parameters (each value typed from its .NET type), a few hundred per statement.</summary>
    public void Insert(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        using var connection = Open(ConnectionString);
        using var transaction = connection.BeginTransaction();
        var columnList = string.Join(", ", columns.Select(c => $"`{c}`"));
        foreach (var chunk in rows.Chunk(RowsPerInsert))
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var tuples = new List<string>();
            for (var r = 0; r < chunk.Length; r++)
            {
                var names = new List<string>();
                for (var c = 0; c < columns.Count; c++)
                {
                    var name = $"@r{r}c{c}";
                    command.Parameters.AddWithValue(name, chunk[r][c] ?? DBNull.Value);
                    names.Add(name);
                }

                tuples.Add($"({string.Join(", ", names)})");
            }

            command.CommandText = $"INSERT INTO `{table}` ({columnList}) VALUES {string.Join(", ", tuples)}";
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static MySqlConnection Open(string connectionString)
    {
        var connection = new MySqlConnection(connectionString);
        connection.Open();
        using var utc = new MySqlCommand("SET time_zone = '+00:00'", connection);
        utc.ExecuteNonQuery();
        return connection;
    }

    private static void Run(string connectionString, string sql)
    {
        using var connection = Open(connectionString);
        using var command = new MySqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        MySqlConnection.ClearAllPools();
        try
        {
            Run(AdminConnectionString, $"DROP DATABASE IF EXISTS {Name}");
        }
        catch (MySqlException)
        {
        }
    }
}
