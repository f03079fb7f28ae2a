using Microsoft.Data.Sqlite;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Runner;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>The checks behind Test-TwinSpinEndpoint, and the row estimates each engine reads from its statistics.</summary>
public sealed class EndpointCheckTests
{
    [Fact]
    public async Task A_sound_sqlite_endpoint_passes_every_check_and_reports_its_statistics()
    {
        using var directory = new TempDirectory();
        var path = SqliteTables.Create(directory, "t.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", SqliteTables.Series("t", 1, 500));
        var spec = SqliteTables.Spec(path);
        Assert.Null((await EndpointCheck.RunAsync(new EndpointCheckRequest(spec), CancellationToken.None)).RowEstimate); // never analyzed
        Analyze(path);

        var report = await EndpointCheck.RunAsync(new EndpointCheckRequest(spec) { SampleRows = 10 }, CancellationToken.None);

        Assert.Empty(report.Problems);
        Assert.True(report.Connected && report.TableFound);
        Assert.Equal(["id"], report.Plan!.KeyColumns.Select(k => k.Name));
        Assert.True(report.KeyUnique);
        Assert.True(report.KeyUniqueDeclared);
        Assert.Equal(0, report.NullKeys);
        Assert.Equal(10, report.SampledRows);
        Assert.Equal(ContractVerdict.Passed, report.HashContract!.Verdict);
        Assert.Equal(500, report.RowEstimate);
    }

    [Fact]
    public async Task Failed_checks_are_problems_not_exceptions()
    {
        using var directory = new TempDirectory();
        var path = SqliteTables.Create(directory, "t.db", "CREATE TABLE t (k INTEGER, v TEXT)",
            "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (2, 'c'), (NULL, 'd')");

        var duplicated = await EndpointCheck.RunAsync(new EndpointCheckRequest(SqliteTables.Spec(path)) { KeyColumns = ["k"] }, CancellationToken.None);
        var missing = await EndpointCheck.RunAsync(new EndpointCheckRequest(SqliteTables.Spec(path, "nope")), CancellationToken.None);
        var noKey = await EndpointCheck.RunAsync(new EndpointCheckRequest(SqliteTables.Spec(path)), CancellationToken.None);
        var unreachable = await EndpointCheck.RunAsync(
            new EndpointCheckRequest(new EndpointSpec(ProviderKind.PostgreSql, "Host=127.0.0.1;Port=1;Username=x;Password=Pr0be-Secret;Database=y;Timeout=3", "t")),
            CancellationToken.None);

        Assert.False(duplicated.KeyUnique);
        Assert.Equal(1, duplicated.NullKeys);
        Assert.Equal(2, duplicated.Problems.Count);
        Assert.Contains(duplicated.Problems, p => p.Contains("not unique", StringComparison.Ordinal) && p.Contains("k=2", StringComparison.Ordinal));
        Assert.True(missing.Connected);
        Assert.False(missing.TableFound);
        Assert.Contains("does not exist", Assert.Single(missing.Problems));
        Assert.Contains("-KeyColumn", Assert.Single(noKey.Problems));
        Assert.False(unreachable.Connected);
        Assert.Null(unreachable.HashContract);
        Assert.StartsWith("Cannot connect", Assert.Single(unreachable.Problems));
        Assert.DoesNotContain("Pr0be-Secret", unreachable.Problems[0]);
    }

    [Fact]
    public async Task Postgres_and_mariadb_estimates_come_from_their_statistics()
    {
        using var postgres = new PostgresDatabase();
        postgres.Execute("CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 1000) g");
        postgres.Execute("ANALYZE t");
        Assert.Equal(1000, await EstimateAsync(postgres.Spec("t")));

        using var mariadb = new MariaDbDatabase();
        mariadb.Execute("CREATE TABLE t (id INT PRIMARY KEY, v TEXT)");
        mariadb.Insert("t", ["id", "v"], Enumerable.Range(1, 1000).Select(i => new object?[] { i, "v" }));
        mariadb.Execute("ANALYZE TABLE t");
        Assert.InRange((await EstimateAsync(mariadb.Spec("t")))!.Value, 500, 2000); // InnoDB samples pages: an estimate
    }

    private static async Task<long?> EstimateAsync(EndpointSpec spec) =>
        (await EndpointCheck.RunAsync(new EndpointCheckRequest(spec), CancellationToken.None)).RowEstimate;

    private static void Analyze(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "ANALYZE";
        command.ExecuteNonQuery();
    }
}
