using TwinSpin.Engine.Endpoints;
using Xunit;
using TwinSpin.Engine.Endpoints.Odbc;
using TwinSpin.Engine.Endpoints.PostgreSql;
using TwinSpin.Engine.Endpoints.Sqlite;

namespace TwinSpin.Engine.Tests;

/// <summary>The SQL dialect behind an ODBC driver: detected from the driver, unless the endpoint names it.</summary>
public sealed class OdbcDialectTests
{
    [Fact]
    public async Task Detects_postgresql_behind_psqlodbc()
    {
        using var database = new PostgresDatabase();
        var dialect = new OdbcDialect(null);
        Assert.Equal("ODBC", dialect.Name);
        await using var connection = await dialect.OpenAsync(OdbcEndpoints.PostgresConnectionString(database.ConnectionString), CancellationToken.None);

        Assert.Same(PostgreSqlDialect.Instance, dialect.Inner);
        Assert.Equal("ODBC/PostgreSQL", dialect.Name);
        Assert.True(dialect.CanChecksum);
        Assert.Equal("?", dialect.ParameterName(3));
    }

    [Fact]
    public async Task Detects_sqlite_behind_the_sqlite_odbc_driver_and_computes_no_checksum()
    {
        using var directory = new TempDirectory();
        var path = SqliteTables.Create(directory, "d.db", "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        var dialect = new OdbcDialect(null);
        await using var connection = await dialect.OpenAsync(OdbcEndpoints.SqliteConnectionString(path), CancellationToken.None);

        Assert.Same(SqliteDialect.Instance, dialect.Inner);
        Assert.Equal("ODBC/SQLite", dialect.Name);
        Assert.False(dialect.CanChecksum);
    }

    [Fact]
    public async Task An_explicit_dialect_wins_over_detection()
    {
        using var directory = new TempDirectory();
        var path = SqliteTables.Create(directory, "d.db", "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        var dialect = new OdbcDialect("postgresql");
        Assert.Same(PostgreSqlDialect.Instance, dialect.Inner);
        // The driver is SQLite's, but the endpoint said PostgreSQL: PostgreSQL it stays, and its session
        // setup (SET TIME ZONE) failing on SQLite is how a wrong -Dialect shows.
        var error = await Assert.ThrowsAsync<TwinSpinException>(() => dialect.OpenAsync(OdbcEndpoints.SqliteConnectionString(path), CancellationToken.None));
        Assert.Equal(ErrorCode.ConnectionFailed, error.Code);
        Assert.Same(PostgreSqlDialect.Instance, dialect.Inner);
        Assert.Equal("ODBC/PostgreSQL", dialect.Name);

        var sqlite = new OdbcDialect("Sqlite");
        using var database = new PostgresDatabase();
        await using var overPostgres = await sqlite.OpenAsync(OdbcEndpoints.PostgresConnectionString(database.ConnectionString), CancellationToken.None);
        Assert.Same(SqliteDialect.Instance, sqlite.Inner);
        Assert.False(sqlite.CanChecksum);
    }

    [Fact]
    public void Unknown_and_not_yet_supported_dialects_fail_clearly()
    {
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<TwinSpinException>(() => new OdbcDialect("Informix")).Code);
        Assert.Equal(ErrorCode.ProviderNotSupported, Assert.Throws<TwinSpinException>(() => new OdbcDialect("Oracle")).Code);
        Assert.Equal(ErrorCode.ProviderNotSupported, Assert.Throws<TwinSpinException>(() => OdbcDatabases.FromProduct("Microsoft SQL Server")).Code);
        Assert.Same(PostgreSqlDialect.Instance, OdbcDatabases.FromProduct("PostgreSQL"));
        Assert.Same(SqliteDialect.Instance, OdbcDatabases.FromProduct("SQLite"));
    }
}
