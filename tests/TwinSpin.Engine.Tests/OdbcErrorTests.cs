using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Runner;
using Xunit;
using TwinSpin.Engine.Endpoints.Odbc;

namespace TwinSpin.Engine.Tests;

/// <summary>ODBC failures are TwinSpin errors with a stable code, quickly, and without secrets.</summary>
public sealed class OdbcErrorTests
{
    [Fact]
    public async Task A_driver_that_is_not_installed_is_a_connection_error_naming_the_cure()
    {
        var error = await CompareAsync(new EndpointSpec(ProviderKind.Odbc, "Driver={TwinSpin No Such Driver};Database=x", "t"));
        Assert.Equal(ErrorCode.ConnectionFailed, error.Code);
        Assert.Contains("Can't open lib", error.Message);
        Assert.Contains("odbcinst -q -d", error.Message);
    }

    [Fact]
    public async Task An_unknown_data_source_name_is_a_connection_error()
    {
        var error = await CompareAsync(new EndpointSpec(ProviderKind.Odbc, "DSN=twinspin_no_such_dsn;PWD=Dsn-Secret-1", "t"));
        Assert.Equal(ErrorCode.ConnectionFailed, error.Code);
        Assert.Contains("IM002", error.Message);
        Assert.Contains("odbcinst -q -s", error.Message);
        Assert.DoesNotContain("Dsn-Secret-1", error.Message);
    }

    [Fact]
    public async Task A_malformed_connection_string_is_a_connection_error_that_does_not_quote_it()
    {
        var error = await CompareAsync(new EndpointSpec(ProviderKind.Odbc, "Driver={PostgreSQL Unicode;Pwd=Malformed-Secret", "t"));
        Assert.Equal(ErrorCode.ConnectionFailed, error.Code);
        Assert.DoesNotContain("Malformed-Secret", error.Message);
    }

    [Fact]
    public async Task A_server_that_is_down_fails_fast()
    {
        using var database = new PostgresDatabase();
        var closedPort = ClosedPort();
        var clock = Stopwatch.StartNew();
        var error = await CompareAsync(new EndpointSpec(ProviderKind.Odbc, OdbcEndpoints.PostgresConnectionString(database.ConnectionString, port: closedPort), "t"));
        Assert.Equal(ErrorCode.ConnectionFailed, error.Code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(OdbcConnector.LoginTimeoutSeconds + 5), $"Took {clock.Elapsed}.");
    }

    [Fact]
    public async Task A_wrong_password_is_a_connection_error_without_the_password()
    {
        using var database = new PostgresDatabase();
        var error = await CompareAsync(new EndpointSpec(ProviderKind.Odbc, OdbcEndpoints.PostgresConnectionString(database.ConnectionString, password: "Wr0ng-Odbc-Secret"), "t"));
        Assert.Equal(ErrorCode.ConnectionFailed, error.Code);
        Assert.DoesNotContain("Wr0ng-Odbc-Secret", error.Message);
        Assert.Contains("password", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Driver_messages_lose_braced_passwords_as_odbc_spells_them()
    {
        const string connectionString = "Driver={PostgreSQL Unicode};Uid=u;Pwd={se;cr=et}";
        Assert.Equal("login for u with *** failed", OdbcConnector.Scrub("login for u with se;cr=et failed", connectionString));
    }

    [Fact]
    public async Task A_driver_error_during_a_query_is_a_query_error()
    {
        using var database = new PostgresDatabase();
        database.Execute("CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 1000) g");
        // Division by zero at row 700: PostgreSQL fails the statement while producing rows.
        var error = await CompareAsync(OdbcEndpoints.Postgres(database, "t", where: "1 / (id - 700) <> 7"), database.Spec("t"));
        Assert.Equal(ErrorCode.QueryFailed, error.Code);
        Assert.Contains("division by zero", error.Message);
    }

    [Fact]
    public async Task A_sqlite_error_while_rows_are_fetched_is_a_query_error()
    {
        using var directory = new TempDirectory();
        var path = SqliteTables.Create(directory, "t.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", SqliteTables.Series("t", 1, 1000));
        // abs() of the smallest integer overflows: SQLite fails the statement at row 700, mid-scan.
        var error = await CompareAsync(OdbcEndpoints.Sqlite(path, where: "CASE WHEN id >= 700 THEN abs(-9223372036854775807 - 1) ELSE 1 END > 0"), SqliteTables.Spec(path));
        Assert.Equal(ErrorCode.QueryFailed, error.Code);
        Assert.Contains("overflow", error.Message);
    }

    private static Task<TwinSpinException> CompareAsync(EndpointSpec source, EndpointSpec? target = null) =>
        Assert.ThrowsAsync<TwinSpinException>(() => JobService.CompareAsync(new CompareRequest(source, target ?? source), new CollectingListener(), CancellationToken.None));

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
