using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Runner;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>Which endpoints a random pair is written to.</summary>
public enum OdbcPairing
{
    /// <summary>PostgreSQL through psqlODBC against PostgreSQL through Npgsql.</summary>
    OdbcPostgresVsPostgres,

    /// <summary>A SQLite file against PostgreSQL through psqlODBC.</summary>
    SqliteVsOdbcPostgres,

    /// <summary>A SQLite file through the SQLite ODBC driver (no checksum: rows are fetched) against one through Microsoft.Data.Sqlite.</summary>
    OdbcSqliteVsSqlite,
}

/// <summary>Random table pairs compared with an ODBC side: the discrepancies found are exactly the naive diff's.</summary>
public sealed class OdbcPropertyTests
{
    public static TheoryData<int, OdbcPairing, KeyShape, CompareStrategy> PairCases()
    {
        var data = new TheoryData<int, OdbcPairing, KeyShape, CompareStrategy>();
        var seed = 700;
        foreach (var pairing in Enum.GetValues<OdbcPairing>())
        {
            foreach (var shape in Enum.GetValues<KeyShape>())
            {
                foreach (var strategy in Enum.GetValues<CompareStrategy>())
                {
                    data.Add(seed++, pairing, shape, strategy);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PairCases))]
    public async Task Discrepancies_equal_the_naive_diff(int seed, OdbcPairing pairing, KeyShape shape, CompareStrategy strategy)
    {
        using var database = new PostgresDatabase();
        using var directory = new TempDirectory();
        var random = new Random(seed);
        var pair = new RandomTablePair(seed, shape, rows: random.Next(500, 2500), perturbations: random.Next(1, 60));
        EndpointSpec source, target;
        switch (pairing)
        {
            case OdbcPairing.OdbcPostgresVsPostgres:
                pair.WritePostgres(database, "src", source: true);
                pair.WritePostgres(database, "tgt", source: false);
                (source, target) = (OdbcEndpoints.Postgres(database, "src"), database.Spec("tgt"));
                break;
            case OdbcPairing.SqliteVsOdbcPostgres:
                pair.WritePostgres(database, "tgt", source: false);
                (source, target) = (SqliteTables.Spec(pair.Write(directory).Source), OdbcEndpoints.Postgres(database, "tgt"));
                break;
            default:
                var (sqliteSource, sqliteTarget) = pair.Write(directory);
                (source, target) = (OdbcEndpoints.Sqlite(sqliteSource), SqliteTables.Spec(sqliteTarget));
                break;
        }

        var listener = await PairProperty.AssertEqualsNaiveDiffAsync(pair, source, target, strategy, random);
        var fallsBack = pairing == OdbcPairing.OdbcSqliteVsSqlite && strategy == CompareStrategy.Checksum;
        Assert.Equal(fallsBack, listener.Warnings.Any(w => w.Contains("(ODBC/SQLite) cannot compute checksums in SQL", StringComparison.Ordinal)));
    }
}
