using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// Given keys read again from both sides now, by key, and diffed as a job diffs them (its plan and column rules):
/// what still differs. A repair's re-check and the recheck of rows in flight both ask this.
/// </summary>
public static class KeyRecheck
{
    /// <summary>Key values fetched in one query per side at most (under every driver's parameter limit).</summary>
    private const int KeyValuesPerQuery = 256;

    public static async Task<List<Discrepancy>> DiffAsync(EndpointSpec source, EndpointSpec target, ComparePlan plan, string? where,
        IReadOnlyList<object[]> keys, CancellationToken cancellationToken)
    {
        var differing = new List<Discrepancy>();
        if (keys.Count == 0)
        {
            return differing;
        }

        await using var sourceSession = await EndpointSession.OpenAsync(source, Side.Source, plan, where, cancellationToken).ConfigureAwait(false);
        await using var targetSession = await EndpointSession.OpenAsync(target, Side.Target, plan, where, cancellationToken).ConfigureAwait(false);
        foreach (var chunk in keys.Chunk(Math.Max(1, KeyValuesPerQuery / plan.KeyCount)))
        {
            var (sourceRows, _) = await sourceSession.FetchKeysAsync([(KeyRange.All, chunk)], cancellationToken).ConfigureAwait(false);
            var (targetRows, _) = await targetSession.FetchKeysAsync([(KeyRange.All, chunk)], cancellationToken).ConfigureAwait(false);
            using (sourceRows)
            using (targetRows)
            {
                differing.AddRange(BatchDiffer.Diff(sourceRows, targetRows, plan));
            }
        }

        return differing;
    }
}
