using System.Diagnostics;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// Cuts an unequal range into children: by value for integer keys and partition hashes, by quantiles otherwise.
/// The children's counts and checksums come from ONE grouped query per side; equal children are settled at once.
/// </summary>
internal sealed class RangeSplitter(RunContext run)
{
    private const int HardDepthLimit = 64;

    private JobOptions Options => run.Options;

    /// <summary>
    /// Larger than a leaf, not too deep, and cheaper to split than to fetch (differences everywhere make
    /// another scan a waste); or, however deep, too large to hold in memory: a leaf is fetched whole, so
    /// no leaf may exceed MaxLeafRows (keys are unique, so quantiles always cut it). The hard depth cap
    /// only stops a key that is not unique from being split forever.
    /// </summary>
    public bool ShouldSplit(RangeNode node)
    {
        var rows = node.LargerRows;
        if (rows <= run.Tuner.LeafRows || node.FetchWhole && rows <= Options.MaxLeafRows)
        {
            return false;
        }

        var worthSplitting = !node.HasChecksums || !run.Tuner.FetchRatherThanSplit(rows, node.UnequalSiblings, node.Mode == SplitMode.ByValue);
        return node.Depth < Options.MaxDepth && worthSplitting || rows > Options.MaxLeafRows && node.Depth < HardDepthLimit;
    }

    /// <summary>Splits the range; false when it cannot be cut (it is then fetched as a leaf).</summary>
    public async Task<bool> TrySplitAsync(RangeNode node, SessionPair pair, DateTime started, CancellationToken cancellationToken)
    {
        if (CanSplitUncounted(node, pair) && SplitUncounted(node, started))
        {
            return true;
        }

        var points = await SplitPointsAsync(node, pair, cancellationToken).ConfigureAwait(false);
        if (points.Boundaries.Count == 0)
        {
            return false;
        }

        await SplitAsync(node, points, pair, started, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Without checksums, on databases in this process (SQLite), counting children costs a whole extra read of the
    /// range, about what fetching it costs: integer ranges are then cut by value into children of the expected
    /// leaf size without counting, and each child's fetch stops past the memory bound (MaxLeafRows), in which
    /// case the child is counted and split like any other range.
    /// </summary>
    private bool CanSplitUncounted(RangeNode node, SessionPair pair) =>
        !run.UseChecksums && node.Counted && node.Mode == SplitMode.ByValue && node.Depth < Options.MaxDepth && pair.GroupsBucketsInProcess;

    private bool SplitUncounted(RangeNode node, DateTime started)
    {
        var points = ValueSplit(node);
        if (points.Boundaries.Count == 0)
        {
            return false;
        }

        var expected = Math.Max(1, node.LargerRows / points.Buckets);
        var children = Enumerable.Range(0, points.Buckets)
            .Select(bucket => new RangeNode(run.Queue.NextId(), node.Id, node.Depth + 1, ChildRange(node, points, bucket), null, null,
                SplitMode.ByValue, hasChecksums: false)
            {
                Counted = false,
                SourceRows = expected,
                TargetRows = expected,
            })
            .ToList();
        run.Ledger.RecordSplit(node, started, children);
        return true;
    }

    private async Task<SplitPoints> SplitPointsAsync(RangeNode node, SessionPair pair, CancellationToken cancellationToken)
    {
        if (node.Mode == SplitMode.ByValue && node.Depth < Options.MaxDepth && ValueSplit(node) is { Boundaries.Count: > 0 } byValue)
        {
            return byValue;
        }

        // Quantiles of the side with more rows; the other side's rows fall into the same ranges.
        var rows = node.LargerRows;
        var larger = node.SourceRows >= node.TargetRows ? Side.Source : Side.Target;
        var step = SplitPlanner.QuantileStep(rows, run.Tuner.Buckets(rows, uniform: false));
        return new SplitPoints(await pair.OneAsync(larger, side => side.QuantileBoundariesAsync(node.Range, step, cancellationToken), cancellationToken)
            .ConfigureAwait(false));
    }

    private async Task SplitAsync(RangeNode node, SplitPoints points, SessionPair pair, DateTime started, CancellationToken cancellationToken)
    {
        var scanning = Stopwatch.StartNew();
        var (sourceStats, targetStats) = await pair.BothAsync(
            side => side.BucketStatsAsync(node.Range, points, run.UseChecksums, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (node.RowsEstimated)
        {
            // The buckets hold every row: the estimate gives way to the count.
            node.SourceRows = sourceStats.Sum(s => s.Rows);
            node.TargetRows = targetStats.Sum(s => s.Rows);
            run.Ledger.CountsKnown(node);
        }

        run.Tuner.ObserveScan(node.LargerRows, scanning.Elapsed);
        var sourceByBucket = sourceStats.ToDictionary(s => s.Bucket);
        var targetByBucket = targetStats.ToDictionary(s => s.Bucket);
        var parentRows = node.LargerRows;

        var buckets = new List<Bucket>();
        for (var bucket = 0; bucket <= points.Boundaries.Count; bucket++)
        {
            var source = sourceByBucket.GetValueOrDefault(bucket);
            var target = targetByBucket.GetValueOrDefault(bucket);
            if (source is null && target is null)
            {
                continue; // empty on both sides: nothing to record
            }

            var mode = node.Mode == SplitMode.ByValue && SplitPlanner.IsSkewed(LargerRows(source, target), parentRows, points.Buckets)
                ? SplitMode.ByQuantile
                : node.Mode;
            buckets.Add(new Bucket(ChildRange(node, points, bucket), source, target, mode));
        }

        // How many siblings differ tells how dense the differences are: where they are everywhere, splitting
        // again would re-read these rows to learn what fetching them shows at once (see ShouldSplit).
        var unequal = buckets.Count(b => !BucketsEqual(b.Source, b.Target)) / (double)Math.Max(1, buckets.Count);
        var chunkRows = run.UseChecksums ? run.Tuner.DenseChunkRows(unequal, parentRows, buckets.Count) : 0;
        var children = chunkRows > 0
            ? MergedChildren(node, buckets, chunkRows)
            : buckets.Select(b => new RangeNode(run.Queue.NextId(), node.Id, node.Depth + 1, b.Range, b.Source, b.Target, b.Mode, run.UseChecksums))
                .ToList();
        if (run.UseChecksums && children.Count > 1)
        {
            var unequalChildren = children.Count(c => !c.IsEqual) / (double)children.Count;
            children.ForEach(c => c.UnequalSiblings = unequalChildren);
        }

        run.Ledger.RecordSplit(node, started, children);
    }

    /// <summary>One bucket of a split, as both sides counted it.</summary>
    private sealed record Bucket(KeyRange Range, BucketStats? Source, BucketStats? Target, SplitMode Mode)
    {
        public long LargerRows => RangeSplitter.LargerRows(Source, Target);
    }

    private static long LargerRows(BucketStats? source, BucketStats? target) => Math.Max(source?.Rows ?? 0, target?.Rows ?? 0);

    private static bool BucketsEqual(BucketStats? source, BucketStats? target) =>
        (source?.Rows ?? 0) == (target?.Rows ?? 0) && (source?.Checksum ?? 0) == (target?.Checksum ?? 0);

    /// <summary>
    /// Differences in most buckets: consecutive buckets are merged into children of about <paramref name="chunkRows"/>
    /// rows, fetched whole (equal buckets with them), as -Strategy Rows fetches. A leaf per small bucket would cost
    /// more in per-leaf work than the equal rows cost to read. A merged child is equal only when all its buckets are.
    /// </summary>
    private List<RangeNode> MergedChildren(RangeNode parent, List<Bucket> buckets, long chunkRows)
    {
        var children = new List<RangeNode>();
        for (var first = 0; first < buckets.Count;)
        {
            var last = first;
            var rows = buckets[first].LargerRows;
            while (last + 1 < buckets.Count && rows + buckets[last + 1].LargerRows <= chunkRows)
            {
                last++;
                rows += buckets[last].LargerRows;
            }

            var members = buckets.GetRange(first, last - first + 1);
            var range = new KeyRange(members[0].Range.Lower, members[^1].Range.Upper);
            children.Add(new RangeNode(run.Queue.NextId(), parent.Id, parent.Depth + 1, range, Merge(members.Select(m => m.Source), children.Count),
                Merge(members.Select(m => m.Target), children.Count), parent.Mode, run.UseChecksums)
            {
                KnownEqual = members.All(m => BucketsEqual(m.Source, m.Target)),
            });
            first = last + 1;
        }

        return children;
    }

    /// <summary>Rows and key span of consecutive buckets of one side (the checksum is not merged: see KnownEqual).</summary>
    private static BucketStats? Merge(IEnumerable<BucketStats?> stats, int bucket)
    {
        var present = stats.OfType<BucketStats>().ToList();
        return present.Count == 0
            ? null
            : new BucketStats(bucket, present.Sum(s => s.Rows), 0, present.Select(s => s.MinKey).FirstOrDefault(k => k is not null),
                present.Select(s => s.MaxKey).LastOrDefault(k => k is not null));
    }

    /// <summary>Value split points from both sides' key span (integer keys, partition hashes); none without a span.</summary>
    private SplitPoints ValueSplit(RangeNode node)
    {
        var mins = new[] { node.Source?.MinKey, node.Target?.MinKey }.Where(v => v is not null).Select(v => ProviderValues.ToInt64(v!)).ToList();
        var maxs = new[] { node.Source?.MaxKey, node.Target?.MaxKey }.Where(v => v is not null).Select(v => ProviderValues.ToInt64(v!)).ToList();
        return mins.Count == 0
            ? SplitPoints.None
            : SplitPlanner.ByValue(mins.Min(), maxs.Max(), run.Tuner.Buckets(node.LargerRows, uniform: true));
    }

    /// <summary>The range of one child: the first keeps the parent's lower bound and the last its upper bound.</summary>
    private static KeyRange ChildRange(RangeNode parent, SplitPoints points, int bucket) =>
        new(bucket == 0 ? parent.Range.Lower : points.Boundaries[bucket - 1],
            bucket == points.Boundaries.Count ? parent.Range.Upper : points.Boundaries[bucket]);
}
