using System.Diagnostics;
using TwinSpin.Engine.Diffing;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// Unequal leaves of a pair proved to hash rows alike in SQL (same-engine hash), most of whose rows are equal:
/// each row's key and in-database row hash are read first (one query per side for all the leaves), then only
/// the rows whose hashes differ are fetched by key and diffed field by field. A key and a hash cost a fraction
/// of a whole row to read. A leaf with more differing rows than one fetch takes by key is fetched whole, and so
/// is one whose fetch by key did not bring back every row its keys hold (a key value the driver reads otherwise
/// than the database compares it): nothing it hides is lost.
/// </summary>
internal sealed class DifferingKeyFetch(RunContext run, LeafFetcher leafFetcher)
{
    /// <summary>Key values of differing rows fetched in one query per side, at most (under every driver's parameter limit).</summary>
    private const int MaxKeyValuesPerFetch = 256;

    private int _keyFetchFellShort;

    /// <summary>The leaf's keys and hashes are read before any row is fetched whole, unless its counts alone show
    /// more differing rows than one fetch by key takes.</summary>
    public bool Applies(RangeNode leaf) => run.HashesFirst && leaf.HasChecksums && leaf.Counted && !leaf.FetchWhole &&
        Math.Abs(leaf.SourceRows - leaf.TargetRows) * run.Plan.KeyCount <= MaxKeyValuesPerFetch;

    public async Task DiffAsync(List<RangeNode> leaves, SessionPair pair, DateTime started, CancellationToken cancellationToken)
    {
        var ranges = leaves.Select(l => l.Range).ToList();
        var hashing = Stopwatch.StartNew();
        var (source, target) = await pair.BothAsync(side => side.RowHashRangesAsync(ranges, cancellationToken), cancellationToken).ConfigureAwait(false);
        run.Tuner.ObserveFetch(Math.Max(source.Sum(r => r.Count), target.Sum(r => r.Count)) / leaves.Count, hashing.Elapsed / leaves.Count);

        var hashedAt = DateTime.UtcNow;
        var byKey = new List<KeyedLeaf>();
        var whole = new List<RangeNode>();
        for (var i = 0; i < leaves.Count; i++)
        {
            var leaf = leaves[i];
            var leafStarted = i == 0 ? started : hashedAt;
            leaf.SourceRows = source[i].Count;
            leaf.TargetRows = target[i].Count;
            var differing = RowHashDiff.Differing(source[i], target[i]);
            if (differing.Keys.Count == 0)
            {
                run.Ledger.Matched(leaf, leafStarted);
            }
            else if (differing.Keys.Count * run.Plan.KeyCount > MaxKeyValuesPerFetch)
            {
                whole.Add(leaf);
            }
            else
            {
                byKey.Add(new KeyedLeaf(leaf, differing, leafStarted));
            }
        }

        foreach (var chunk in KeyChunks(byKey))
        {
            var groups = chunk.Select(c => (c.Leaf.Range, c.Rows.Keys)).ToList();
            var (sourceFetch, targetFetch) = await pair.BothAsync(side => side.FetchKeysAsync(groups, cancellationToken), cancellationToken).ConfigureAwait(false);
            LeafFetcher.ForEachGroup(sourceFetch, targetFetch, (i, sourceRows, targetRows) =>
            {
                var (leaf, expected, leafStarted) = chunk[i];
                if (sourceRows.Length == expected.SourceRows && targetRows.Length == expected.TargetRows)
                {
                    leafFetcher.FinishDiffed(leaf, sourceRows, targetRows, leafStarted);
                    return;
                }

                run.Counters.Fetched(sourceRows.Length + targetRows.Length);
                whole.Add(leaf);
                if (Interlocked.Exchange(ref _keyFetchFellShort, 1) == 0)
                {
                    run.Listener.OnWarning("Rows fetched by their key values did not all come back (a key the driver reads otherwise than the " +
                        "database compares it, such as text that is not valid in its encoding): those ranges were fetched whole.");
                }
            });
        }

        if (whole.Count > 0)
        {
            await leafFetcher.FetchAsync(whole, pair, hashedAt, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed record KeyedLeaf(RangeNode Leaf, DifferingRows Rows, DateTime Started);

    /// <summary>Consecutive leaves whose differing keys fit one fetch.</summary>
    private IEnumerable<List<KeyedLeaf>> KeyChunks(List<KeyedLeaf> leaves)
    {
        var chunk = new List<KeyedLeaf>();
        var values = 0;
        foreach (var leaf in leaves)
        {
            var leafValues = leaf.Rows.Keys.Count * run.Plan.KeyCount;
            if (chunk.Count > 0 && values + leafValues > MaxKeyValuesPerFetch)
            {
                yield return chunk;
                chunk = [];
                values = 0;
            }

            chunk.Add(leaf);
            values += leafValues;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }
}
