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
                side => side.BucketStatsAsync(run.Request.Range, SplitPoints.None, withChecksum: false, cancellationToken), cancellationToken).ConfigureAwait(false);
            root = new RangeNode(run.Queue.NextId(), null, 0, run.Request.Range, source.FirstOrDefault(), target.FirstOrDefault(), run.InitialMode,
                hasChecksums: false);
        }

        run.Ledger.Seed(root);
    }

    /// <summary>
    /// A resumed job starts from its stored tree: what is settled is counted as done, and every range not settled
    /// is queued again as a range cut without counting (its stored rows an estimate: the checksums it had are not
    /// stored), so it is counted and split or fetched as any other. The root, if it is one of them, gives the total.
    /// </summary>
    public void Resume(ResumePoint point)
    {
        var settled = point.Partitions.Where(p => ResumePoint.IsSettled(p.Status)).ToList();
        run.Counters.Restore(point.Partitions.Count(p => p.Status == Store.PartitionStatus.Split) + settled.Count, point.Partitions.Count,
            settled.Sum(p => p.SourceRows + p.TargetRows), settled.Sum(p => p.Discrepancies));
        run.Queue.IdsUsedUpTo(point.Partitions.Count == 0 ? 0 : point.Partitions.Max(p => p.Id));
        if (point.Partitions.FirstOrDefault(p => p.ParentId is null) is { } root)
        {
            run.Counters.SetTotalRows(root.SourceRows + root.TargetRows);
        }

        foreach (var range in point.Unsettled)
        {
            run.Queue.Add(new RangeNode(range.Id, range.ParentId, range.Depth, range.Range, null, null, run.InitialMode, hasChecksums: false)
            {
                Counted = false,
                RowsEstimated = range.ParentId is null, // its count is the job's total
                SourceRows = range.SourceRows,
                TargetRows = range.TargetRows,
            });
        }
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
        var (source, target) = await pair.BothAsync(side => side.EstimatedSpanAsync(minRows, cancellationToken), cancellationToken).ConfigureAwait(false);
        return source is null || target is null
            ? null
            : new RangeNode(run.Queue.NextId(), null, 0, range, source, target, SplitMode.ByValue, hasChecksums: false) { RowsEstimated = true };
    }
}
