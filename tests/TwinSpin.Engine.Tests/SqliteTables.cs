using Microsoft.Data.Sqlite;

namespace TwinSpin.Engine.Tests;

/// <summary>Hand-written SQLite tables for edge cases.</summary>
public static class SqliteTables
{
    public static string Create(TempDirectory directory, string name, params string[] statements)
    {
        var path = directory.File(name);
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var sql in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return path;
    }

    public static Endpoints.EndpointSpec Spec(string path, string table = "t") =>
        new(Endpoints.ProviderKind.Sqlite, $"Data Source={path}", table);

    /// <summary>INSERT ... SELECT over a recursive counter: n rows fast.</summary>
    public static string Series(string table, long from, long to, string valueExpression = "'v' || n") =>
        $"INSERT INTO {table} WITH RECURSIVE c(n) AS (SELECT {from} UNION ALL SELECT n + 1 FROM c WHERE n < {to}) SELECT n, {valueExpression} FROM c";
}
