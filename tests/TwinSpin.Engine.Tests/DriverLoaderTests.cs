using System.Data.Common;
using System.Reflection;
using System.Runtime.Loader;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Endpoints.Drivers;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// The run-time driver loader with a real factory assembly: the Npgsql.dll shipped next to
/// TwinSpin.Engine.dll stands in for IBM.Data.Db2 / Oracle.ManagedDataAccess, and its connection
/// reaches the test PostgreSQL (TWINSPIN_TEST_POSTGRES; the tests fail without it).
/// </summary>
public sealed class DriverLoaderTests
{
    private static readonly string EngineDirectory = Path.GetDirectoryName(typeof(DriverLoader).Assembly.Location)!;

    private static string NpgsqlPath => Path.Combine(EngineDirectory, "Npgsql.dll");

    /// <summary>Npgsql described the way DriverSpec.Db2/Oracle describe theirs, with a variable of its own.</summary>
    private static DriverSpec Npgsql(string? typeName = null) => new(
        "PostgreSQL", "Npgsql.dll", typeName ?? "Npgsql.NpgsqlFactory", "TWINSPIN_TEST_DRIVER_" + Guid.NewGuid().ToString("N"),
        "Install Npgsql (test hint).");

    private static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("TWINSPIN_TEST_POSTGRES")
        ?? throw new InvalidOperationException("TWINSPIN_TEST_POSTGRES is not set: run the tests with ./build.ps1 -Task Test, which starts PostgreSQL.");

    [Fact]
    public async Task A_factory_loaded_from_an_assembly_file_connects_and_queries()
    {
        Assert.True(File.Exists(NpgsqlPath), $"Npgsql.dll is expected next to the engine in {EngineDirectory}");
        var factory = DriverLoader.Load(Npgsql(), NpgsqlPath);

        Assert.Equal("Npgsql.NpgsqlFactory", factory.GetType().FullName);
        Assert.Same(AssemblyLoadContext.GetLoadContext(typeof(DriverLoader).Assembly), AssemblyLoadContext.GetLoadContext(factory.GetType().Assembly));
        Assert.Equal(42, await ScalarAsync(factory, "SELECT 40 + 2"));
    }

    [Fact]
    public async Task A_folder_holding_the_assembly_is_enough_and_session_statements_run()
    {
        var factory = DriverLoader.Load(Npgsql(), EngineDirectory);
        await using var connection = await DriverConnection.OpenAsync(factory, "PostgreSQL", PostgresConnectionString,
            ["SET TIME ZONE 'UTC'"], CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_setting('TimeZone')";
        Assert.Equal("UTC", await command.ExecuteScalarAsync());
    }

    [Fact]
    public void The_environment_variable_is_used_when_no_path_is_given()
    {
        var driver = Npgsql();
        Environment.SetEnvironmentVariable(driver.EnvironmentVariable, EngineDirectory);
        try
        {
            Assert.Equal("Npgsql.NpgsqlFactory", DriverLoader.Load(driver, null).GetType().FullName);
        }
        finally
        {
            Environment.SetEnvironmentVariable(driver.EnvironmentVariable, null);
        }
    }

    [Fact]
    public void A_wrong_environment_variable_is_an_error_that_names_it()
    {
        var driver = Npgsql();
        var missing = Path.Combine(Path.GetTempPath(), "twinspin-no-driver-" + Guid.NewGuid().ToString("N"));
        Environment.SetEnvironmentVariable(driver.EnvironmentVariable, missing);
        try
        {
            var error = Assert.Throws<TwinSpinException>(() => DriverLoader.Load(driver, null));
            Assert.Equal(ErrorCode.DriverNotFound, error.Code);
            Assert.Contains("the environment variable " + driver.EnvironmentVariable, error.Message);
            Assert.Contains(missing, error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(driver.EnvironmentVariable, null);
        }
    }

    [Fact]
    public void An_assembly_already_loaded_in_the_process_is_found_last()
    {
        _ = typeof(Npgsql.NpgsqlFactory); // the test project itself uses Npgsql, so it is loaded
        Assert.Equal("Npgsql.NpgsqlFactory", DriverLoader.Load(Npgsql(), null).GetType().FullName);
    }

    [Fact]
    public void A_missing_path_says_what_to_install_and_how_to_point_at_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "twinspin-no-driver-" + Guid.NewGuid().ToString("N"), "IBM.Data.Db2.dll");
        var error = Assert.Throws<TwinSpinException>(() => DriverLoader.Load(DriverSpec.Db2, missing));
        Assert.Equal(ErrorCode.DriverNotFound, error.Code);
        Assert.Contains($"{missing} does not exist", error.Message);
        Assert.Contains("Net.IBM.Data.Db2-lnx", error.Message);
        Assert.Contains("-DriverPath", error.Message);
        Assert.Contains("TWINSPIN_DB2_DRIVER", error.Message);
    }

    [Fact]
    public void A_folder_without_the_assembly_is_named()
    {
        using var empty = new TempDirectory();
        var error = Assert.Throws<TwinSpinException>(() => DriverLoader.Load(DriverSpec.Oracle, empty.Path));
        Assert.Equal(ErrorCode.DriverNotFound, error.Code);
        Assert.Contains($"the folder {empty.Path} does not contain Oracle.ManagedDataAccess.dll", error.Message);
        Assert.Contains("Oracle.ManagedDataAccess.Core", error.Message);
        Assert.Contains("TWINSPIN_ORACLE_DRIVER", error.Message);
    }

    [Fact]
    public void An_assembly_without_the_factory_type_is_named()
    {
        var error = Assert.Throws<TwinSpinException>(() => DriverLoader.Load(Npgsql("Npgsql.NoSuchFactory"), NpgsqlPath));
        Assert.Equal(ErrorCode.DriverNotFound, error.Code);
        Assert.Contains($"{NpgsqlPath} (given by -DriverPath) does not define Npgsql.NoSuchFactory", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_an_error()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("Npgsql.dll"), "not an assembly");
        var error = Assert.Throws<TwinSpinException>(() => DriverLoader.Load(Npgsql(), directory.Path));
        Assert.Equal(ErrorCode.DriverNotFound, error.Code);
        Assert.Contains("could not be loaded as a .NET assembly", error.Message);
    }

    [Fact]
    public void Nothing_given_and_nothing_loaded_says_so()
    {
        var driver = DriverSpec.Oracle with { EnvironmentVariable = "TWINSPIN_TEST_UNSET_" + Guid.NewGuid().ToString("N") };
        var error = Assert.Throws<TwinSpinException>(() => DriverLoader.Load(driver, null));
        Assert.Equal(ErrorCode.DriverNotFound, error.Code);
        Assert.Contains("-DriverPath is not set", error.Message);
        Assert.Contains("Oracle.ManagedDataAccess.Client.OracleClientFactory", error.Message);
    }

    [Fact]
    public async Task A_failed_connection_is_a_connection_error_without_the_password()
    {
        var factory = DriverLoader.Load(Npgsql(), NpgsqlPath);
        var wrong = new DbConnectionStringBuilder { ConnectionString = PostgresConnectionString };
        wrong["Password"] = "Wr0ng-Secret-Driver";
        var error = await Assert.ThrowsAsync<TwinSpinException>(() =>
            DriverConnection.OpenAsync(factory, "PostgreSQL", wrong.ConnectionString, [], CancellationToken.None));
        Assert.Equal(ErrorCode.ConnectionFailed, error.Code);
        Assert.DoesNotContain("Wr0ng-Secret-Driver", error.Message);
    }

    /// <summary>As in the module: the engine in a private load context loads the driver into that same
    /// context, not into the default one, and the connection works from there.</summary>
    [Fact]
    public async Task In_a_private_engine_context_the_driver_loads_into_that_context()
    {
        var context = new PrivateEngineContext(EngineDirectory);
        var engine = context.LoadFromAssemblyPath(Path.Combine(EngineDirectory, "TwinSpin.Engine.dll"));
        var specType = engine.GetType(typeof(DriverSpec).FullName!)!;
        var spec = Activator.CreateInstance(specType, "PostgreSQL", "Npgsql.dll", "Npgsql.NpgsqlFactory", "TWINSPIN_TEST_UNSET_" + Guid.NewGuid().ToString("N"), "hint")!;
        var load = engine.GetType(typeof(DriverLoader).FullName!)!.GetMethod(nameof(DriverLoader.Load), BindingFlags.Public | BindingFlags.Static)!;

        var factory = (DbProviderFactory)load.Invoke(null, [spec, NpgsqlPath])!;

        Assert.Same(context, AssemblyLoadContext.GetLoadContext(factory.GetType().Assembly));
        Assert.NotSame(typeof(Npgsql.NpgsqlFactory), factory.GetType());
        Assert.Equal(42, await ScalarAsync(factory, "SELECT 40 + 2"));
    }

    private static async Task<int> ScalarAsync(DbProviderFactory factory, string sql)
    {
        await using var connection = factory.CreateConnection()!;
        connection.ConnectionString = PostgresConnectionString;
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Like the module's EngineLoadContext: the engine's own dependencies from its folder, the
    /// framework (System.Data.Common with DbProviderFactory) shared with the default context. Npgsql is
    /// deliberately not resolved here, so only the loader can bring it in.</summary>
    private sealed class PrivateEngineContext(string directory) : AssemblyLoadContext("TwinSpin.Engine.Tests.Private", isCollectible: false)
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name == "Npgsql")
            {
                return null;
            }

            var path = Path.Combine(directory, assemblyName.Name + ".dll");
            return File.Exists(path) && !assemblyName.Name!.StartsWith("System.", StringComparison.Ordinal) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
