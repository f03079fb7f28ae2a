using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Hashing;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Runner;
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
        var spec = OdbcEndpoints.Postgres(database, "t");
        var (_, plan, _, _) = await Preflight.PlanAsync(new CompareRequest(spec, spec), null, CancellationToken.None);
        await using var session = await EndpointSession.OpenAsync(spec, Side.Source, plan, null, CancellationToken.None);
        Assert.Equal("ODBC/PostgreSQL", session.Dialect.Name);

        var sqlHashes = (await session.RowHashesAsync(KeyRange.All, CancellationToken.None))
            .ToDictionary(r => RandomTablePair.KeyText(r.Key), r => r.Hash);
        using var batch = await session.FetchAsync(KeyRange.All, CancellationToken.None);
        Assert.Equal(pair.Source.Count, batch.Length);
        Assert.Equal(pair.Source.Count, sqlHashes.Count);
        var writer = new CanonicalRowWriter();
        for (var row = 0; row < batch.Length; row++)
        {
            writer.Reset();
            for (var c = 0; c < batch.ColumnCount; c++)
            {
                ArrowValues.AppendCanonical(batch.Column(c), row, writer);
            }

            var key = RandomTablePair.KeyText(Enumerable.Range(0, plan.KeyCount).Select(k => ArrowValues.ToDisplay(batch.Column(k), row, plan.KeyColumns[k].Type)));
            Assert.True(sqlHashes[key] == writer.Hash(), $"Row {key}: SQL and engine hashes differ; engine text {writer.Text}");
        }
    }
}
