using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>The hash contract through ODBC: PostgreSQL's in-database row hash, asked through psqlODBC,
/// equals the engine's hash of the values fetched through psqlODBC, on every row.</summary>
public sealed class OdbcHashContractTests
{
    [Theory]
    [InlineData(KeyShape.Integer, 41)]
    [InlineData(KeyShape.Text, 42)]
    [InlineData(KeyShape.Compound, 43)]
    public async Task Sql_side_and_engine_side_row_hashes_agree_on_every_row_over_odbc_postgres(KeyShape shape, int seed)
    {
        using var database = new PostgresDatabase();
        var pair = new RandomTablePair(seed, shape, rows: 1500, perturbations: 0);
        pair.WritePostgres(database, "t", source: true);
        await HashAgreement.AssertSqlEqualsEngineAsync(OdbcEndpoints.Postgres(database, "t"), pair.KeyColumns, pair.Source.Count);
    }
}
