using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// The range a job starts from. The root is only counted: a large root is split at once into buckets whose
/// checksums one scan computes, and a small one is fetched, so a checksum of the whole range would be read for
/// nothing.
/// </summary>
internal sealed class RootSeeding(RunContext run)
{
    /// <summary>Below this many rows a table is counted before it is split: counting it costs little.</summary>
    public const long MinEstimatedRootRows = 100_000;

    public async Task SeedAsync(SessionPair pair, CancellationToken cancellationToken)
    {
        var root = await EstimatedRootAsync(pair, cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            var (source, target) = await pair.BothAsync(
                side => side.BucketStatsAsync(run.Request.Range, SplitPoints.None, withChecksum: false, cancellationToken)).ConfigureAwait(false);
            root = new RangeNode(run.Queue.NextId(), null, 0, run.Request.Range, source.FirstOrDefault(), target.FirstOrDefault(), run.InitialMode,
                hasChecksums: false);
        }

        run.Ledger.Seed(root);
    }

    /// <summary>
    /// A whole table with an integer key that both sides' statistics say is large is split without counting it: a
    /// COUNT(*) would be a scan of its own before the first one that tells anything. The statistics give the bucket
    /// count, the key's MIN and MAX (an index lookup each) the span, and the split's scan counts every bucket. Null
    /// (the table is counted) for a range, a filter, other keys, statistics that are missing or say it is small, or
    /// -Strategy Rows on in-process databases.
    /// </summary>
    private async Task<RangeNode?> EstimatedRootAsync(SessionPair pair, CancellationToken cancellationToken)
    {
        var range = run.Request.Range;
        if (range.Lower is not null || range.Upper is not null || run.Plan.HashPartitioned || run.InitialMode != SplitMode.ByValue)
        {
            return null;
        }

        if (!run.UseChecksums && pair.GroupsBucketsInProcess)
        {
            return null; // a root cut without counting (see RangeSplitter.CanSplitUncounted) sizes its children from its real count
        }

        var minRows = Math.Max(MinEstimatedRootRows, 2L * (run.Options.PartitionRowThreshold ?? 0)); // large enough to be split for sure
        var (source, target) = await pair.BothAsync(side => side.EstimatedSpanAsync(minRows, cancellationToken)).ConfigureAwait(false);
        return source is null || target is null
            ? null
            : new RangeNode(run.Queue.NextId(), null, 0, range, source, target, SplitMode.ByValue, hasChecksums: false) { RowsEstimated = true };
    }
}
