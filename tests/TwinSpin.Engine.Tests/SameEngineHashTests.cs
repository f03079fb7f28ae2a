using Microsoft.Data.Sqlite;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using Xunit;
using TwinSpin.Engine.Endpoints.PostgreSql;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// Same-engine pairs checksum with the engine's own cheaper row hash only when the self-check proves both
/// sides compute it alike on rows they hold equally; otherwise (or with PortableHash) the portable contract
/// is used. Every case must still report exactly what the naive diff finds.
/// </summary>
public sealed class SameEngineHashTests
{
    [Fact]
    public async Task Two_postgres_databases_use_hashtextextended_and_find_the_planted_differences()
    {
        using var database = new PostgresDatabase();
        var pair = WritePostgres(database, 801);

        var (job, warnings, found) = await RunAsync(new CompareRequest(database.Spec("src"), database.Spec("tgt")) { KeyColumns = pair.KeyColumns });

        Assert.True(job.Definition.Plan.NativeRowHash);
        Assert.Empty(warnings);
        Assert.Equal(NaiveDiff.Expected(pair), found);
    }

    /// <summary>A server whose hash of a text column differs (as a text form under other session settings would):
    /// the check sees equal rows hash differently and the job keeps the portable contract.</summary>
    [Fact]
    public async Task A_side_that_hashes_equal_rows_differently_is_caught_and_the_portable_hash_used()
    {
        using var database = new PostgresDatabase();
        var pair = WritePostgres(database, 802);
        var target = database.Spec("tgt") with { ConnectionString = database.ConnectionString + ";Application Name=other-hash" };
        using var other = OtherTextHashPostgreSqlDialect.Substitute(target.ConnectionString);

        var (job, warnings, found) = await RunAsync(new CompareRequest(database.Spec("src"), target) { KeyColumns = pair.KeyColumns });

        Assert.False(job.Definition.Plan.NativeRowHash);
        Assert.Equal(CompareStrategy.Checksum, job.Definition.Options.Strategy);
        var warning = Assert.Single(warnings);
        Assert.Contains("postgresql-typed-hash", warning);
        Assert.Contains("portable hash contract", warning);
        Assert.Equal(NaiveDiff.Expected(pair), found);
    }

    [Fact]
    public async Task A_server_without_the_hash_functions_keeps_the_portable_hash()
    {
        using var database = new PostgresDatabase();
        var pair = WritePostgres(database, 807);
        var target = database.Spec("tgt") with { ConnectionString = database.ConnectionString + ";Application Name=no-hash" };
        using var missing = MissingHashPostgreSqlDialect.Substitute(target.ConnectionString);

        var (job, warnings, found) = await RunAsync(new CompareRequest(database.Spec("src"), target) { KeyColumns = pair.KeyColumns });

        Assert.False(job.Definition.Plan.NativeRowHash);
        Assert.Contains("could not be computed", Assert.Single(warnings));
        Assert.Equal(NaiveDiff.Expected(pair), found);
    }

    [Fact]
    public async Task PortableHash_keeps_the_contract_for_a_same_engine_pair()
    {
        using var database = new PostgresDatabase();
        var pair = WritePostgres(database, 803);

        var (job, warnings, found) = await RunAsync(new CompareRequest(database.Spec("src"), database.Spec("tgt"))
        {
            KeyColumns = pair.KeyColumns,
            Options = new JobOptions { PortableHash = true },
        });

        Assert.False(job.Definition.Plan.NativeRowHash);
        Assert.Empty(warnings);
        Assert.Equal(NaiveDiff.Expected(pair), found);
    }

    [Theory]
    [InlineData(KeyShape.Integer, 804)]
    [InlineData(KeyShape.Compound, 805)]
    public async Task Two_sqlite_files_use_the_raw_value_hash(KeyShape shape, int seed)
    {
        using var directory = new TempDirectory();
        var pair = new RandomTablePair(seed, shape, rows: 2500, perturbations: 25);
        var (source, target) = pair.Write(directory);

        var (job, warnings, found) = await RunAsync(new CompareRequest(Sqlite(source), Sqlite(target)) { KeyColumns = pair.KeyColumns });

        Assert.True(job.Definition.Plan.NativeRowHash);
        Assert.Empty(warnings);
        Assert.Equal(NaiveDiff.Expected(pair), found);
    }

    /// <summary>Timestamps stored as text in another form ('T' separator) are equal to the engine but not as stored bytes.</summary>
    [Fact]
    public async Task Sqlite_values_stored_differently_but_equal_fall_back_to_the_contract_and_report_nothing_extra()
    {
        using var directory = new TempDirectory();
        var pair = new RandomTablePair(806, KeyShape.Integer, rows: 1200, perturbations: 12);
        var (source, target) = pair.Write(directory);
        using (var connection = new SqliteConnection($"Data Source={target}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE t SET created = replace(created, ' ', 'T') WHERE created IS NOT NULL";
            Assert.True(command.ExecuteNonQuery() > 0);
        }

        var (job, warnings, found) = await RunAsync(new CompareRequest(Sqlite(source), Sqlite(target)) { KeyColumns = pair.KeyColumns });

        Assert.False(job.Definition.Plan.NativeRowHash);
        Assert.Contains("sqlite-raw-xxh3", Assert.Single(warnings));
        Assert.Equal(NaiveDiff.Expected(pair), found);
    }

    private static EndpointSpec Sqlite(string path) => new(ProviderKind.Sqlite, $"Data Source={path}", "t");

    private static RandomTablePair WritePostgres(PostgresDatabase database, int seed)
    {
        var pair = new RandomTablePair(seed, KeyShape.Integer, rows: 2500, perturbations: 25);
        pair.WritePostgres(database, "src", source: true);
        pair.WritePostgres(database, "tgt", source: false);
        return pair;
    }

    private static async Task<(JobRecord Job, IReadOnlyList<string> Warnings, SortedSet<string> Found)> RunAsync(CompareRequest request)
    {
        using var directory = new TempDirectory();
        await using var testStore = await TestStore.OpenAsync("sqlite", directory);
        var listener = new CollectingListener();
        var job = await JobService.RunJobAsync(request, testStore.Store, listener, CancellationToken.None);
        Assert.Equal(JobStatus.Completed, job.Status);
        var stored = new List<Discrepancy>();
        await foreach (var d in testStore.Store.GetDiscrepanciesAsync(new DiscrepancyQuery(job.Id), CancellationToken.None))
        {
            stored.Add(d.Discrepancy);
        }

        return (job, listener.Warnings.ToList(), NaiveDiff.Actual(stored));
    }
}

/// <summary>PostgreSQL whose same-engine hash of text differs from the real one (seeded differently).</summary>
internal sealed class OtherTextHashPostgreSqlDialect : PostgreSqlDialect
{
    public override string NativeRowHashExpression(IReadOnlyList<SideColumn> columns) =>
        base.NativeRowHashExpression(columns).Replace("::text, ", "::text, 1000 + ", StringComparison.Ordinal);

    public static IDisposable Substitute(string connectionString) => DialectSubstitution.Use(connectionString, new OtherTextHashPostgreSqlDialect());
}

/// <summary>PostgreSQL as an older server would answer the same-engine hash: a function that does not exist.</summary>
internal sealed class MissingHashPostgreSqlDialect : PostgreSqlDialect
{
    public override string NativeRowHashExpression(IReadOnlyList<SideColumn> columns) => "twinspin_no_such_hash_function(1)";

    public static IDisposable Substitute(string connectionString) => DialectSubstitution.Use(connectionString, new MissingHashPostgreSqlDialect());
}

/// <summary>Uses a dialect for every endpoint with the connection string until disposed.</summary>
internal sealed class DialectSubstitution(string connectionString) : IDisposable
{
    public static IDisposable Use(string connectionString, SqlDialect dialect)
    {
        SqlDialect.Overrides[connectionString] = dialect;
        return new DialectSubstitution(connectionString);
    }

    public void Dispose() => SqlDialect.Overrides.TryRemove(connectionString, out _);
}
