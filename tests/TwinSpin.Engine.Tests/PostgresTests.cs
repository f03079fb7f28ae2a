using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Hashing;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Runner;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>PostgreSQL for real (a server started by the test run): the SQL side of the hash contract,
/// and PostgreSQL against SQLite and against itself, checked against the naive diff.</summary>
public sealed class PostgresTests
{
    [Theory]
    [InlineData(KeyShape.Integer, 21)]
    [InlineData(KeyShape.Text, 22)]
    [InlineData(KeyShape.Compound, 23)]
    public async Task Sql_side_and_engine_side_row_hashes_agree_on_every_row(KeyShape shape, int seed)
    {
        using var database = new PostgresDatabase();
        var pair = new RandomTablePair(seed, shape, rows: 1500, perturbations: 0);
        pair.WritePostgres(database, "t", source: true);
        await HashAgreement.AssertSqlEqualsEngineAsync(database.Spec("t"), pair.KeyColumns, pair.Source.Count);
    }

    public static TheoryData<int, KeyShape, CompareStrategy, bool> PairCases()
    {
        var data = new TheoryData<int, KeyShape, CompareStrategy, bool>();
        var seed = 300;
        foreach (var shape in Enum.GetValues<KeyShape>())
        {
            foreach (var strategy in Enum.GetValues<CompareStrategy>())
            {
                data.Add(seed++, shape, strategy, true);  // SQLite source, PostgreSQL target
                data.Add(seed++, shape, strategy, false); // PostgreSQL on both sides
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PairCases))]
    public async Task Discrepancies_equal_the_naive_diff(int seed, KeyShape shape, CompareStrategy strategy, bool sqliteSource)
    {
        using var database = new PostgresDatabase();
        using var directory = new TempDirectory();
        var random = new Random(seed);
        var pair = new RandomTablePair(seed, shape, rows: random.Next(500, 2500), perturbations: random.Next(1, 60));
        EndpointSpec source;
        if (sqliteSource)
        {
            var (sqlite, _) = pair.Write(directory);
            source = SqliteTables.Spec(sqlite);
        }
        else
        {
            pair.WritePostgres(database, "src", source: true);
            source = database.Spec("src");
        }

        pair.WritePostgres(database, "tgt", source: false);
        // Every other case cuts ranges over the key's partition hash, computed by both engines.
        await PairProperty.AssertEqualsNaiveDiffAsync(pair, source, database.Spec("tgt"), strategy, random,
            seed % 2 == 0 ? KeyPartitioning.Hash : KeyPartitioning.Auto);
    }

    [Fact]
    public async Task Table_names_fold_case_and_schemas_qualify()
    {
        using var database = new PostgresDatabase();
        database.Execute(
            "CREATE SCHEMA sales",
            "CREATE TABLE sales.orders (id int PRIMARY KEY, total numeric(38,10), note char(8), at timestamptz)",
            "INSERT INTO sales.orders VALUES (1, 12345678901234567890123456.5, 'ab', '2024-01-01 10:00:00+02'), (2, 0.10, NULL, NULL)",
            "CREATE TABLE sales.orders_copy AS SELECT * FROM sales.orders",
            "ALTER TABLE sales.orders_copy ADD PRIMARY KEY (id)",
            "UPDATE sales.orders_copy SET total = 12345678901234567890123456.6 WHERE id = 1");
        var listener = new CollectingListener();
        await JobService.CompareAsync(new CompareRequest(database.Spec("SALES.Orders"), database.Spec("sales.orders_copy")), listener, CancellationToken.None);

        var found = Assert.Single(listener.Discrepancies);
        var field = Assert.Single(found.Fields);
        Assert.Equal("total", field.Column);
        Assert.Equal("12345678901234567890123456.5", field.SourceValue?.ToString());
    }

    [Fact]
    public async Task A_wrong_password_is_a_connection_error_without_the_password()
    {
        using var database = new PostgresDatabase();
        var wrong = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = "Wr0ng-Secret" }.ToString();
        var spec = new EndpointSpec(ProviderKind.PostgreSql, wrong, "t");
        var error = await Assert.ThrowsAsync<TwinSpinException>(() => JobService.CompareAsync(new CompareRequest(spec, spec), new CollectingListener(), CancellationToken.None));
        Assert.Equal(ErrorCode.ConnectionFailed, error.Code);
        Assert.DoesNotContain("Wr0ng-Secret", error.Message);
    }
}
