using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Tests;

/// <summary>An engine of the cross-engine matrix: it holds the matrix tables (one per side's variant of the
/// dataset) and gives an endpoint on them. Each writes through its own client library.</summary>
public abstract class MatrixEngine : IDisposable
{
    public abstract string Name { get; }

    /// <summary>Creates the table for one side's rows and returns an endpoint on it.</summary>
    public abstract EndpointSpec Create(string table, bool sourceVariant, IReadOnlyList<object?[]> rows);

    public virtual void Dispose()
    {
    }

    public override string ToString() => Name;

    /// <summary>Inserts rows with one prepared command (values as .NET objects, NULL as DBNull).</summary>
    protected static void Insert(DbConnection connection, string sql, IReadOnlyList<object?[]> rows, Func<object?, object>? convert = null)
    {
        using var transaction = connection.BeginTransaction();
        foreach (var row in rows)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            for (var i = 0; i < row.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i;
                parameter.Value = row[i] is null ? DBNull.Value : convert?.Invoke(row[i]) ?? row[i];
                command.Parameters.Add(parameter);
            }

            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    protected static string Placeholders(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => "@p" + i));
}

public sealed class SqliteMatrixEngine : MatrixEngine
{
    private readonly TempDirectory _directory = new();

    public override string Name => "SQLite";

    public override EndpointSpec Create(string table, bool sourceVariant, IReadOnlyList<object?[]> rows)
    {
        var path = _directory.File(table + ".db");
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using (var create = connection.CreateCommand())
            {
                create.CommandText =
                    $"CREATE TABLE {table} (code TEXT NOT NULL, n INTEGER NOT NULL, qty INTEGER, amount DECIMAL({(sourceVariant ? "12,2" : "14,4")}), " +
                    $"ratio REAL, name TEXT, tag CHAR(8), note TEXT, at TIMESTAMP({(sourceVariant ? 6 : 3)}), ok BOOLEAN, raw BLOB, day DATE, PRIMARY KEY (code, n))";
                create.ExecuteNonQuery();
            }

            // SQLite keeps timestamps and dates as text and decimals as numbers; booleans as 0/1.
            Insert(connection, $"INSERT INTO {table} VALUES ({Placeholders(MatrixDataset.Columns.Length)})", rows, v => v switch
            {
                DateTime dt when dt.TimeOfDay == TimeSpan.Zero => dt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture),
                bool b => b ? 1L : 0L,
                decimal m => (double)m,
                _ => v!,
            });
        }

        return SqliteTables.Spec(path, table);
    }

    public override void Dispose() => _directory.Dispose();
}

public class PostgresMatrixEngine : MatrixEngine
{
    private readonly PostgresDatabase _database = new();

    public override string Name => "PostgreSQL";

    protected PostgresDatabase Database => _database;

    public override EndpointSpec Create(string table, bool sourceVariant, IReadOnlyList<object?[]> rows)
    {
        _database.Execute(
            $"CREATE TABLE {table} (code text NOT NULL, n bigint NOT NULL, qty integer, amount numeric({(sourceVariant ? "12,2" : "14,4")}), " +
            $"ratio double precision, name varchar(100), tag char(8), note text, at timestamp({(sourceVariant ? 6 : 3)}), ok boolean, raw bytea, day date, " +
            "PRIMARY KEY (code, n))");
        using var connection = new NpgsqlConnection(_database.ConnectionString);
        connection.Open();
        Insert(connection, $"INSERT INTO {table} VALUES ({Placeholders(MatrixDataset.Columns.Length)})", rows);
        return _database.Spec(table);
    }

    public override void Dispose() => _database.Dispose();
}

/// <summary>The PostgreSQL tables read through unixODBC and psqlODBC (dialect detected from the driver).</summary>
public sealed class OdbcPostgresMatrixEngine : PostgresMatrixEngine
{
    public override string Name => "ODBC/PostgreSQL";

    public override EndpointSpec Create(string table, bool sourceVariant, IReadOnlyList<object?[]> rows)
    {
        base.Create(table, sourceVariant, rows);
        return OdbcEndpoints.Postgres(Database, table);
    }
}

/// <summary>SQLite files read through unixODBC and the SQLite ODBC driver (no in-database checksums: rows are fetched).</summary>
public sealed class OdbcSqliteMatrixEngine : MatrixEngine
{
    private readonly SqliteMatrixEngine _sqlite = new();

    public override string Name => "ODBC/SQLite";

    public override EndpointSpec Create(string table, bool sourceVariant, IReadOnlyList<object?[]> rows)
    {
        var native = _sqlite.Create(table, sourceVariant, rows);
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(native.ConnectionString).DataSource;
        return OdbcEndpoints.Sqlite(path, table);
    }

    public override void Dispose() => _sqlite.Dispose();
}

/// <summary>MariaDB with its default case-insensitive collation on every text column but the key's.</summary>
public sealed class MariaDbMatrixEngine : MatrixEngine
{
    private readonly MariaDbDatabase _database = new();

    public override string Name => "MariaDB";

    public override EndpointSpec Create(string table, bool sourceVariant, IReadOnlyList<object?[]> rows)
    {
        // The key column must tell 'Zeta' from 'zeta': a binary collation for it; the rest keep the default.
        _database.Execute(
            $"CREATE TABLE `{table}` (code VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, n BIGINT NOT NULL, qty INT, " +
            $"amount DECIMAL({(sourceVariant ? "12,2" : "14,4")}), ratio DOUBLE, name VARCHAR(100), tag CHAR(8), note TEXT, " +
            $"at DATETIME({(sourceVariant ? 6 : 3)}), ok BOOLEAN, raw VARBINARY(16), day DATE, PRIMARY KEY (code, n))");
        _database.Insert(table, MatrixDataset.Columns, rows);
        return _database.Spec(table);
    }

    public override void Dispose() => _database.Dispose();
}
