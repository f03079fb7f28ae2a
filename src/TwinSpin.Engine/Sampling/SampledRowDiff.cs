using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;

namespace TwinSpin.Engine.Sampling;

/// <summary>
/// Fetches the sampled keys' rows from both sides by key, as a job fetches differing rows
/// (<see cref="EndpointSession.FetchKeysAsync"/>: the database's own key equality, the plan's columns, the filter), and diffs
/// them with the job's <see cref="BatchDiffer"/>, so column rules, types and the discrepancy model are a full job's.
/// </summary>
internal static class SampledRowDiff
{
    /// <summary>Key values fetched in one query per side (under every driver's parameter limit).</summary>
    private const int KeyValuesPerQuery = 256;

    public static async Task<(List<Discrepancy> Discrepancies, int Queries)> DiffAsync(EndpointSession source, EndpointSession target,
        IReadOnlyList<object[]> keys, IProgress<SampleProgress>? progress, CancellationToken cancellationToken)
    {
        var plan = source.Plan;
        var found = new List<Discrepancy>();
        var queries = 0;
        var done = 0;
        foreach (var chunk in keys.Chunk(Math.Max(1, KeyValuesPerQuery / plan.KeyCount)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<(KeyRange, IReadOnlyList<object[]>)> groups = [(KeyRange.All, chunk)];
            // Both sides at once, each on its own thread (SQLite's driver completes its "async" calls synchronously).
            var sourceFetch = Task.Run(() => source.FetchKeysAsync(groups, cancellationToken), cancellationToken);
            var targetFetch = Task.Run(() => target.FetchKeysAsync(groups, cancellationToken), cancellationToken);
            await Task.WhenAll(sourceFetch, targetFetch).ConfigureAwait(false);
            queries += 2;
            using (var sourceRows = sourceFetch.Result.Rows)
            using (var targetRows = targetFetch.Result.Rows)
            {
                found.AddRange(BatchDiffer.Diff(sourceRows, targetRows, plan));
            }

            done += chunk.Length;
            progress?.Report(new SampleProgress("Comparing rows", done, keys.Count));
        }

        return (found, queries);
    }
}
