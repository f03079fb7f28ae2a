using Npgsql;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// ODBC endpoints over the test databases, through unixODBC and the drivers Debian registers
/// (odbc-postgresql: "PostgreSQL Unicode"; libsqliteodbc: "SQLite3").
/// </summary>
public static class OdbcEndpoints
{
    public const string PostgresDriver = "PostgreSQL Unicode";

    public const string SqliteDriver = "SQLite3";

    /// <summary>The ODBC connection string of a test PostgreSQL database (an Npgsql connection string).</summary>
    public static string PostgresConnectionString(string npgsqlConnectionString, string? password = null, int? port = null)
    {
        var npgsql = new NpgsqlConnectionStringBuilder(npgsqlConnectionString);
        return $"Driver={{{PostgresDriver}}};Server={npgsql.Host};Port={port ?? npgsql.Port};Database={npgsql.Database};" +
               $"Uid={npgsql.Username};Pwd={{{password ?? npgsql.Password}}}";
    }

    public static EndpointSpec Postgres(PostgresDatabase database, string table, string? dialect = null, string? where = null) =>
        new(ProviderKind.Odbc, PostgresConnectionString(database.ConnectionString), table, where) { Dialect = dialect };

    public static string SqliteConnectionString(string path) => $"Driver={{{SqliteDriver}}};Database={path}";

    public static EndpointSpec Sqlite(string path, string table = "t", string? dialect = null, string? where = null) =>
        new(ProviderKind.Odbc, SqliteConnectionString(path), table, where) { Dialect = dialect };
}
