using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Hashing;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Runner;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// The hash contract's central check, for any endpoint: the row hash the database computes in SQL
/// equals the hash the engine computes from the same rows fetched into Arrow, on every row.
/// </summary>
public static class HashAgreement
{
    /// <summary>Plans a comparison of the table with itself and checks every row of it.</summary>
    public static async Task AssertSqlEqualsEngineAsync(EndpointSpec spec, IReadOnlyList<string> keyColumns, int expectedRows) =>
        Assert.Equal(expectedRows, await AssertSqlEqualsEngineAsync(new CompareRequest(spec, spec) { KeyColumns = keyColumns }));

    /// <summary>Plans the request and checks every row of its source; returns the number of rows checked.</summary>
    public static async Task<int> AssertSqlEqualsEngineAsync(CompareRequest request)
    {
        var (resolved, plan, _, _) = await Preflight.PlanAsync(request, null, CancellationToken.None);
        return await AssertSqlEqualsEngineAsync(resolved.Source, Side.Source, plan);
    }

    /// <summary>Checks one side of a plan; returns the number of rows checked.</summary>
    public static async Task<int> AssertSqlEqualsEngineAsync(EndpointSpec spec, Side side, ComparePlan plan)
    {
        await using var session = await EndpointSession.OpenAsync(spec, side, plan, null, CancellationToken.None);
        var sqlHashes = (await session.RowHashesAsync(KeyRange.All, CancellationToken.None))
            .ToDictionary(r => RandomTablePair.KeyText(r.Key.Select(Normalize)), r => r.Hash);
        using var batch = (await session.FetchAsync(KeyRange.All, int.MaxValue, CancellationToken.None))!;
        var writer = new CanonicalRowWriter();
        for (var row = 0; row < batch.Length; row++)
        {
            writer.Reset();
            for (var c = 0; c < batch.ColumnCount; c++)
            {
                ArrowValues.AppendCanonical(batch.Column(c), row, plan.AllColumns[c].Rules, writer);
            }

            var key = RandomTablePair.KeyText(Enumerable.Range(0, plan.KeyCount)
                .Select(k => Normalize(ArrowValues.ToDisplay(batch.Column(k), row, plan.KeyColumns[k].Type))));
            Assert.True(sqlHashes.TryGetValue(key, out var sqlHash), $"Row {key} was fetched but has no SQL hash.");
            Assert.True(sqlHash == writer.Hash(), $"{side} row {key}: SQL and engine hashes differ; engine's canonical text {writer.Text}");
        }

        Assert.Equal(sqlHashes.Count, batch.Length);
        return batch.Length;
    }

    /// <summary>Key values as the key text compares them (drivers return int, long or decimal for integers).</summary>
    private static object? Normalize(object? value) => value switch
    {
        int i => (long)i,
        short s => (long)s,
        decimal m when decimal.Truncate(m) == m && Math.Abs(m) < long.MaxValue => (long)m,
        _ => value,
    };
}
