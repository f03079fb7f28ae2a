using System.Diagnostics;
using System.Threading.Channels;
using Apache.Arrow;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Runner;

/// <summary>What a finished (or stopped) run counted.</summary>
/// <param name="FetchedRows">Rows fetched whole and diffed field by field, both sides: what travelled beyond counts and hashes.</param>
public sealed record RunSummary(long TotalRows, long ProcessedRows, long Discrepancies, long Partitions, long FetchedRows);

/// <summary>
/// Divide and conquer over the key space. Each range arrives with both sides' row count and checksum;
/// equal ranges are done; unequal ranges are cut into children whose counts and checksums come from ONE
/// grouped query per side; small (or too deep) unequal ranges are fetched into Arrow batches and diffed
/// in memory (for a same-engine pair, only their rows whose in-database row hashes differ). Workers,
/// each with its own connection to each side, share a queue of ranges.
/// </summary>
public sealed class RangeComparer
{
    private readonly CompareRequest _request;
    private readonly ComparePlan _plan;
    private readonly IRunListener _listener;
    private readonly JobOptions _options;
    private readonly Channel<Node> _queue = Channel.CreateUnbounded<Node>();
    private readonly Stopwatch _clock = new();
    private long _pending;
    private long _nextId;
    private long _done;
    private long _known;
    private long _processedRows;
    private long _fetchedRows;
    private long _totalRows;
    private long _discrepancies;
    private long _lastProgressTicks;

    public RangeComparer(CompareRequest request, ComparePlan plan, IRunListener listener)
    {
        _request = request;
        _plan = plan;
        _listener = listener;
        _options = request.Options;
    }

    private bool _useChecksums;
    private bool _hashesFirst;
    private int _keyFetchFellShort;
    private PartitionTuner _tuner = null!;

    private bool UseChecksums => _useChecksums;

    public async Task<RunSummary> RunAsync(CancellationToken cancellationToken)
    {
        _clock.Start();
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sessions = new List<(EndpointSession Source, EndpointSession Target)>();
        try
        {
            for (var i = 0; i < _options.Parallelism; i++)
            {
                sessions.Add(await OpenPairAsync(failure.Token).ConfigureAwait(false));
            }

            _useChecksums = _options.Strategy == CompareStrategy.Checksum;
            var (sourceSession, targetSession) = sessions[0];
            if (_useChecksums && !(sourceSession.Dialect.CanChecksum && targetSession.Dialect.CanChecksum))
            {
                _useChecksums = false;
                var side = sourceSession.Dialect.CanChecksum ? targetSession : sourceSession;
                _listener.OnWarning($"The {side.Side.ToString().ToLowerInvariant()} ({side.Dialect.Name}) cannot compute checksums in SQL: " +
                    "this comparison fetches every row (as -Strategy Rows does).");
            }

            // Keys are matched by the database's equality to fetch differing rows, so ranges must be over the key itself.
            _hashesFirst = _useChecksums && _plan.NativeRowHash && !_plan.HashPartitioned;
            _tuner = new PartitionTuner(_options.PartitionRowThreshold, _options.FanOut, _options.MaxLeafRows, _options.Parallelism, _useChecksums);
            await SeedRootAsync(sessions[0], failure.Token).ConfigureAwait(false);
            var workers = sessions.Select(pair => Task.Run(() => WorkAsync(pair, failure), failure.Token)).ToList();
            try
            {
                await Task.WhenAll(workers).ConfigureAwait(false);
            }
            catch (Exception) when (workers.Any(w => w.IsFaulted))
            {
                // Report the worker's own failure, not the cancellations it caused in the others.
                var first = workers.First(w => w.IsFaulted).Exception!.InnerExceptions[0];
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
            }

            cancellationToken.ThrowIfCancellationRequested();
            return Summary();
        }
        finally
        {
            ReportProgress(force: true);
            foreach (var (source, target) in sessions)
            {
                await source.DisposeAsync().ConfigureAwait(false);
                await target.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public RunSummary Summary() => new(Interlocked.Read(ref _totalRows), Interlocked.Read(ref _processedRows),
        Interlocked.Read(ref _discrepancies), Interlocked.Read(ref _done), Interlocked.Read(ref _fetchedRows));

    private async Task<(EndpointSession, EndpointSession)> OpenPairAsync(CancellationToken cancellationToken)
    {
        var source = await EndpointSession.OpenAsync(_request.Source, Side.Source, _plan, _request.Where, cancellationToken).ConfigureAwait(false);
        try
        {
            var target = await EndpointSession.OpenAsync(_request.Target, Side.Target, _plan, _request.Where, cancellationToken).ConfigureAwait(false);
            return (source, target);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The root is only counted: a large root is split at once into buckets whose checksums one scan
    /// computes, and a small one is fetched, so a checksum of the whole range would be read for nothing.</summary>
    private async Task SeedRootAsync((EndpointSession Source, EndpointSession Target) pair, CancellationToken cancellationToken)
    {
        var root = await EstimatedRootAsync(pair, cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            var (source, target) = await BothAsync(pair,
                side => side.BucketStatsAsync(_request.Range, SplitPoints.None, withChecksum: false, cancellationToken)).ConfigureAwait(false);
            root = new Node(NextId(), null, 0, _request.Range, source.FirstOrDefault(), target.FirstOrDefault(), InitialMode(), hasChecksums: false);
        }

        Interlocked.Exchange(ref _totalRows, root.SourceRows + root.TargetRows);
        Interlocked.Increment(ref _known);
        Interlocked.Increment(ref _pending);
        _listener.OnPartition(root.Record(PartitionStatus.Pending), []);
        _queue.Writer.TryWrite(root);
    }

    /// <summary>Below this many rows a table is counted before it is split: counting it costs little.</summary>
    public const long MinEstimatedRootRows = 100_000;

    /// <summary>
    /// A whole table with an integer key that both sides' statistics say is large is split without counting it: a
    /// COUNT(*) would be a scan of its own before the first one that tells anything. The statistics give the bucket
    /// count, the key's MIN and MAX (an index lookup each) the span, and the split's scan counts every bucket. Null
    /// (the table is counted) for a range, a filter, other keys, statistics that are missing or say it is small, or
    /// -Strategy Rows on in-process databases.
    /// </summary>
    private async Task<Node?> EstimatedRootAsync((EndpointSession Source, EndpointSession Target) pair, CancellationToken cancellationToken)
    {
        if (_request.Range.Lower is not null || _request.Range.Upper is not null || _plan.HashPartitioned || InitialMode() != SplitMode.ByValue)
        {
            return null;
        }

        if (!UseChecksums && pair.Source.Dialect.GroupsBucketsInProcess && pair.Target.Dialect.GroupsBucketsInProcess)
        {
            return null; // a root cut without counting (see CanSplitUncounted) sizes its children from its real count
        }

        var minRows = Math.Max(MinEstimatedRootRows, 2L * (_options.PartitionRowThreshold ?? 0)); // large enough to be split for sure
        var (source, target) = await BothAsync(pair, side => side.EstimatedSpanAsync(minRows, cancellationToken)).ConfigureAwait(false);
        return source is null || target is null
            ? null
            : new Node(NextId(), null, 0, _request.Range, source, target, SplitMode.ByValue, hasChecksums: false) { RowsEstimated = true };
    }

    /// <summary>Integer keys and partition hashes (uniform integers) split by value; other keys by quantiles.</summary>
    private SplitMode InitialMode() =>
        _plan.HashPartitioned || _plan.KeyColumns[0].Type == LogicalType.Integer ? SplitMode.ByValue : SplitMode.ByQuantile;

    private async Task WorkAsync((EndpointSession Source, EndpointSession Target) pair, CancellationTokenSource failure)
    {
        var token = failure.Token;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out var node))
                {
                    await ProcessAsync(node, pair, token).ConfigureAwait(false);
                    if (Interlocked.Decrement(ref _pending) == 0)
                    {
                        _queue.Writer.TryComplete();
                    }
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failure.Cancel();
            throw;
        }
    }

    private async Task ProcessAsync(Node node, (EndpointSession Source, EndpointSession Target) pair, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        if (IsSettled(node))
        {
            Finish(node, PartitionStatus.Matched, started, []);
            return;
        }

        if (!node.Counted && ShouldSplit(node))
        {
            // Splitting needs the real counts and key span (split points come from them).
            await CountAsync(node, pair, cancellationToken).ConfigureAwait(false);
        }

        if (ShouldSplit(node))
        {
            if (CanSplitUncounted(node, pair) && SplitUncounted(node, started))
            {
                return;
            }

            var points = await SplitPointsAsync(node, pair, cancellationToken).ConfigureAwait(false);
            if (points.Boundaries.Count > 0)
            {
                await SplitAsync(node, points, pair, started, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        var leaves = GatherLeaves(node);
        if (HashesFirst(node) || leaves.Count > 1)
        {
            await (HashesFirst(node)
                ? DiffByRowHashesAsync(leaves, pair, started, cancellationToken)
                : FetchLeavesAsync(leaves, pair, started, cancellationToken)).ConfigureAwait(false);
            Interlocked.Add(ref _pending, 1 - leaves.Count); // the first leaf is released by its worker
            return;
        }

        // A range cut without counting may hold more than the memory bound: its fetch stops there.
        var maxRows = node.Counted && !node.RowsEstimated ? int.MaxValue : _options.MaxLeafRows;
        var fetching = Stopwatch.StartNew();
        var (sourceRows, targetRows) = await BothAsync(pair, side => side.FetchAsync(node.Range, maxRows, cancellationToken)).ConfigureAwait(false);
        if (sourceRows is null || targetRows is null)
        {
            sourceRows?.Dispose();
            targetRows?.Dispose();
            await CountAsync(node, pair, cancellationToken).ConfigureAwait(false);
            await ProcessAsync(node, pair, cancellationToken).ConfigureAwait(false);
            return;
        }

        using (sourceRows)
        using (targetRows)
        {
            _tuner.ObserveFetch(Math.Max(sourceRows.Length, targetRows.Length), fetching.Elapsed);
            DiffLeaf(node, sourceRows, targetRows, started);
        }
    }

    /// <summary>Diffs a leaf's rows of both sides and finishes it with what they hold.</summary>
    private void DiffLeaf(Node leaf, RecordBatch sourceRows, RecordBatch targetRows, DateTime started)
    {
        leaf.SourceRows = sourceRows.Length;
        leaf.TargetRows = targetRows.Length;
        CountsKnown(leaf);
        FinishDiffed(leaf, sourceRows, targetRows, started);
    }

    /// <summary>Diffs rows of a leaf (all of them, or those that differ) and finishes it with what they hold.</summary>
    private void FinishDiffed(Node leaf, RecordBatch sourceRows, RecordBatch targetRows, DateTime started)
    {
        Interlocked.Add(ref _fetchedRows, sourceRows.Length + targetRows.Length);
        var found = BatchDiffer.Diff(sourceRows, targetRows, _plan);
        Finish(leaf, found.Count > 0 ? PartitionStatus.Mismatched : PartitionStatus.Matched, started, found);
    }

    /// <summary>
    /// Without checksums, on databases in this process (SQLite), counting children costs a whole extra read of the
    /// range, about what fetching it costs: integer ranges are then cut by value into children of the expected
    /// leaf size without counting, and each child's fetch stops past the memory bound (MaxLeafRows), in which
    /// case the child is counted and split like any other range.
    /// </summary>
    private bool CanSplitUncounted(Node node, (EndpointSession Source, EndpointSession Target) pair) =>
        !UseChecksums && node.Counted && node.Mode == SplitMode.ByValue && node.Depth < _options.MaxDepth &&
        pair.Source.Dialect.GroupsBucketsInProcess && pair.Target.Dialect.GroupsBucketsInProcess;

    private bool SplitUncounted(Node node, DateTime started)
    {
        var points = ValueSplit(node);
        if (points.Boundaries.Count == 0)
        {
            return false;
        }

        var expected = Math.Max(1, Math.Max(node.SourceRows, node.TargetRows) / points.Buckets);
        var children = Enumerable.Range(0, points.Buckets)
            .Select(bucket => new Node(NextId(), node.Id, node.Depth + 1, ChildRange(node, points, bucket), null, null, SplitMode.ByValue, hasChecksums: false)
            {
                Counted = false,
                SourceRows = expected,
                TargetRows = expected,
            })
            .ToList();
        RecordSplit(node, started, children);
        return true;
    }

    /// <summary>Counts a child cut without counting: its rows and key span on both sides.</summary>
    private async Task CountAsync(Node node, (EndpointSession Source, EndpointSession Target) pair, CancellationToken cancellationToken)
    {
        var (source, target) = await BothAsync(pair,
            side => side.BucketStatsAsync(node.Range, SplitPoints.None, withChecksum: false, cancellationToken)).ConfigureAwait(false);
        node.Source = source.FirstOrDefault();
        node.Target = target.FirstOrDefault();
        node.SourceRows = node.Source?.Rows ?? 0;
        node.TargetRows = node.Target?.Rows ?? 0;
        node.Counted = true;
        CountsKnown(node);
    }

    /// <summary>Leaves fetched in one query per side, at most.</summary>
    private const int MaxLeavesPerFetch = 32;

    /// <summary>
    /// The leaf to fetch and, when more leaves wait in the queue, others to fetch in the same round trip: after a
    /// wide split, scattered differences leave many small unequal ranges, and one query each would pay a round
    /// trip and a result set per few hundred rows. Ranges found equal on the way are finished; a range to
    /// split goes back to the queue. Bounded in rows, so memory stays bounded.
    /// </summary>
    private List<Node> GatherLeaves(Node first)
    {
        var leaves = new List<Node> { first };
        if (!UseChecksums)
        {
            return leaves; // large leaves of counts alone: nothing to save, only memory to spend
        }

        var rows = Math.Max(first.SourceRows, first.TargetRows);
        var limit = Math.Min(_options.MaxLeafRows, 4L * _tuner.LeafRows);
        while (leaves.Count < MaxLeavesPerFetch && rows < limit && _queue.Reader.TryRead(out var next))
        {
            var nextRows = Math.Max(next.SourceRows, next.TargetRows);
            if (IsSettled(next))
            {
                Finish(next, PartitionStatus.Matched, DateTime.UtcNow, []);
                Interlocked.Decrement(ref _pending); // never the last: the first leaf is still pending
                continue;
            }

            if (ShouldSplit(next) || rows + nextRows > limit || HashesFirst(next) != HashesFirst(first))
            {
                _queue.Writer.TryWrite(next);
                break;
            }

            leaves.Add(next);
            rows += nextRows;
        }

        return leaves;
    }

    /// <summary>Fetches several leaves in one query per side and diffs each on its own rows.</summary>
    private async Task FetchLeavesAsync(List<Node> leaves, (EndpointSession Source, EndpointSession Target) pair, DateTime started,
        CancellationToken cancellationToken)
    {
        var ranges = leaves.Select(l => l.Range).ToList();
        var fetchStarted = DateTime.UtcNow;
        var fetching = Stopwatch.StartNew();
        var (source, target) = await BothAsync(pair, side => side.FetchRangesAsync(ranges, cancellationToken)).ConfigureAwait(false);
        _tuner.ObserveFetch(Math.Max(source.Rows.Length, target.Rows.Length) / leaves.Count, fetching.Elapsed / leaves.Count);
        ForEachGroup(source, target, (i, sourceRows, targetRows) => DiffLeaf(leaves[i], sourceRows, targetRows, i == 0 ? started : fetchStarted));
    }

    /// <summary>Each group's rows of a grouped fetch on both sides (a group's rows come together, groups in order),
    /// given to <paramref name="diff"/> one group at a time; the batches are disposed after.</summary>
    private static void ForEachGroup((RecordBatch Rows, int[] Counts) source, (RecordBatch Rows, int[] Counts) target,
        Action<int, RecordBatch, RecordBatch> diff)
    {
        using var sourceRows = source.Rows;
        using var targetRows = target.Rows;
        int sourceOffset = 0, targetOffset = 0;
        for (var i = 0; i < source.Counts.Length; i++)
        {
            using var sourceSlice = sourceRows.SliceShared(sourceOffset, source.Counts[i]);
            using var targetSlice = targetRows.SliceShared(targetOffset, target.Counts[i]);
            sourceOffset += source.Counts[i];
            targetOffset += target.Counts[i];
            diff(i, sourceSlice, targetSlice);
        }
    }

    /// <summary>An unequal leaf of a pair proved to hash rows alike in SQL (same-engine hash): its rows' keys and
    /// hashes are read before any row is fetched whole, unless its counts alone show more differing rows than one
    /// fetch by key takes.</summary>
    private bool HashesFirst(Node leaf) => _hashesFirst && leaf.HasChecksums && leaf.Counted && !leaf.FetchWhole &&
        Math.Abs(leaf.SourceRows - leaf.TargetRows) * _plan.KeyCount <= MaxKeyValuesPerFetch;

    /// <summary>Key values of differing rows fetched in one query per side, at most (under every driver's parameter limit).</summary>
    private const int MaxKeyValuesPerFetch = 256;

    /// <summary>
    /// Unequal leaves, most of whose rows are equal: each row's key and in-database row hash are read first (one
    /// query per side for all the leaves), then only the rows whose hashes differ are fetched and diffed field by
    /// field. A key and a hash cost a fraction of a whole row to read. A leaf with more differing rows than one
    /// fetch takes by key is fetched whole, and so is one whose fetch by key did not bring back every row its keys
    /// hold (a key value the driver reads otherwise than the database compares it): nothing it hides is lost.
    /// </summary>
    private async Task DiffByRowHashesAsync(List<Node> leaves, (EndpointSession Source, EndpointSession Target) pair, DateTime started,
        CancellationToken cancellationToken)
    {
        var ranges = leaves.Select(l => l.Range).ToList();
        var hashing = Stopwatch.StartNew();
        var (source, target) = await BothAsync(pair, side => side.RowHashRangesAsync(ranges, cancellationToken)).ConfigureAwait(false);
        _tuner.ObserveFetch(Math.Max(source.Sum(r => r.Count), target.Sum(r => r.Count)) / leaves.Count, hashing.Elapsed / leaves.Count);

        var hashedAt = DateTime.UtcNow;
        var byKey = new List<(Node Leaf, DifferingRows Rows, DateTime Started)>();
        var whole = new List<Node>();
        for (var i = 0; i < leaves.Count; i++)
        {
            var leaf = leaves[i];
            var leafStarted = i == 0 ? started : hashedAt;
            leaf.SourceRows = source[i].Count;
            leaf.TargetRows = target[i].Count;
            var differing = RowHashDiff.Differing(source[i], target[i]);
            if (differing.Keys.Count == 0)
            {
                Finish(leaf, PartitionStatus.Matched, leafStarted, []);
            }
            else if (differing.Keys.Count * _plan.KeyCount > MaxKeyValuesPerFetch)
            {
                whole.Add(leaf);
            }
            else
            {
                byKey.Add((leaf, differing, leafStarted));
            }
        }

        foreach (var chunk in KeyChunks(byKey))
        {
            var groups = chunk.Select(c => (c.Leaf.Range, c.Rows.Keys)).ToList();
            var (sourceFetch, targetFetch) = await BothAsync(pair, side => side.FetchKeysAsync(groups, cancellationToken)).ConfigureAwait(false);
            ForEachGroup(sourceFetch, targetFetch, (i, sourceRows, targetRows) =>
            {
                var (leaf, expected, leafStarted) = chunk[i];
                if (sourceRows.Length == expected.SourceRows && targetRows.Length == expected.TargetRows)
                {
                    FinishDiffed(leaf, sourceRows, targetRows, leafStarted);
                    return;
                }

                Interlocked.Add(ref _fetchedRows, sourceRows.Length + targetRows.Length);
                whole.Add(leaf);
                if (Interlocked.Exchange(ref _keyFetchFellShort, 1) == 0)
                {
                    _listener.OnWarning("Rows fetched by their key values did not all come back (a key the driver reads otherwise than the " +
                        "database compares it, such as text that is not valid in its encoding): those ranges were fetched whole.");
                }
            });
        }

        if (whole.Count > 0)
        {
            await FetchLeavesAsync(whole, pair, hashedAt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Consecutive leaves whose differing keys fit one fetch.</summary>
    private IEnumerable<List<(Node Leaf, DifferingRows Rows, DateTime Started)>> KeyChunks(List<(Node Leaf, DifferingRows Rows, DateTime Started)> leaves)
    {
        var chunk = new List<(Node Leaf, DifferingRows Rows, DateTime Started)>();
        var values = 0;
        foreach (var leaf in leaves)
        {
            var leafValues = leaf.Rows.Keys.Count * _plan.KeyCount;
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

    /// <summary>A root started from statistics now holds its real counts: they are the job's total.</summary>
    private void CountsKnown(Node node)
    {
        if (node.RowsEstimated)
        {
            node.RowsEstimated = false;
            Interlocked.Exchange(ref _totalRows, node.SourceRows + node.TargetRows);
        }
    }

    private bool IsSettled(Node node) => node.SourceRows == 0 && node.TargetRows == 0 || node.HasChecksums && node.IsEqual;

    /// <summary>
    /// Larger than a leaf, not too deep, and cheaper to split than to fetch (differences everywhere make
    /// another scan a waste); or, however deep, too large to hold in memory: a leaf is fetched whole, so
    /// no leaf may exceed MaxLeafRows (keys are unique, so quantiles always cut it). The hard depth cap
    /// only stops a key that is not unique from being split forever.
    /// </summary>
    private bool ShouldSplit(Node node)
    {
        var rows = Math.Max(node.SourceRows, node.TargetRows);
        if (rows <= _tuner.LeafRows || node.FetchWhole && rows <= _options.MaxLeafRows)
        {
            return false;
        }

        var worthSplitting = !node.HasChecksums || !_tuner.FetchRatherThanSplit(rows, node.UnequalSiblings, node.Mode == SplitMode.ByValue);
        return node.Depth < _options.MaxDepth && worthSplitting || rows > _options.MaxLeafRows && node.Depth < HardDepthLimit;
    }

    private const int HardDepthLimit = 64;

    private async Task<SplitPoints> SplitPointsAsync(Node node, (EndpointSession Source, EndpointSession Target) pair, CancellationToken cancellationToken)
    {
        if (node.Mode == SplitMode.ByValue && node.Depth < _options.MaxDepth && ValueSplit(node) is { Boundaries.Count: > 0 } byValue)
        {
            return byValue;
        }

        // Quantiles of the side with more rows; the other side's rows fall into the same ranges.
        var rows = Math.Max(node.SourceRows, node.TargetRows);
        var larger = node.SourceRows >= node.TargetRows ? pair.Source : pair.Target;
        var step = SplitPlanner.QuantileStep(rows, _tuner.Buckets(rows, uniform: false));
        return new SplitPoints(await larger.QuantileBoundariesAsync(node.Range, step, cancellationToken).ConfigureAwait(false));
    }

    private async Task SplitAsync(Node node, SplitPoints points, (EndpointSession Source, EndpointSession Target) pair,
        DateTime started, CancellationToken cancellationToken)
    {
        var scanning = Stopwatch.StartNew();
        var (sourceStats, targetStats) = await BothAsync(pair,
            side => side.BucketStatsAsync(node.Range, points, UseChecksums, cancellationToken)).ConfigureAwait(false);
        if (node.RowsEstimated)
        {
            // The buckets hold every row: the estimate gives way to the count.
            node.SourceRows = sourceStats.Sum(s => s.Rows);
            node.TargetRows = targetStats.Sum(s => s.Rows);
            CountsKnown(node);
        }

        _tuner.ObserveScan(Math.Max(node.SourceRows, node.TargetRows), scanning.Elapsed);
        var sourceByBucket = sourceStats.ToDictionary(s => s.Bucket);
        var targetByBucket = targetStats.ToDictionary(s => s.Bucket);
        var parentRows = Math.Max(node.SourceRows, node.TargetRows);

        var buckets = new List<(KeyRange Range, BucketStats? Source, BucketStats? Target, SplitMode Mode)>();
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
            buckets.Add((ChildRange(node, points, bucket), source, target, mode));
        }

        // How many siblings differ tells how dense the differences are: where they are everywhere, splitting
        // again would re-read these rows to learn what fetching them shows at once (see ShouldSplit).
        var unequal = buckets.Count(b => !BucketsEqual(b.Source, b.Target)) / (double)Math.Max(1, buckets.Count);
        var chunkRows = UseChecksums ? _tuner.DenseChunkRows(unequal, parentRows, buckets.Count) : 0;
        var children = chunkRows > 0
            ? MergedChildren(node, buckets, chunkRows)
            : buckets.Select(b => new Node(NextId(), node.Id, node.Depth + 1, b.Range, b.Source, b.Target, b.Mode, UseChecksums)).ToList();
        if (UseChecksums && children.Count > 1)
        {
            var unequalChildren = children.Count(c => !c.IsEqual) / (double)children.Count;
            children.ForEach(c => c.UnequalSiblings = unequalChildren);
        }

        RecordSplit(node, started, children);
    }

    private static long LargerRows(BucketStats? source, BucketStats? target) => Math.Max(source?.Rows ?? 0, target?.Rows ?? 0);

    private static bool BucketsEqual(BucketStats? source, BucketStats? target) =>
        (source?.Rows ?? 0) == (target?.Rows ?? 0) && (source?.Checksum ?? 0) == (target?.Checksum ?? 0);

    /// <summary>
    /// Differences in most buckets: consecutive buckets are merged into children of about <paramref name="chunkRows"/>
    /// rows, fetched whole (equal buckets with them), as -Strategy Rows fetches. A leaf per small bucket would cost
    /// more in per-leaf work than the equal rows cost to read. A merged child is equal only when all its buckets are.
    /// </summary>
    private List<Node> MergedChildren(Node parent, List<(KeyRange Range, BucketStats? Source, BucketStats? Target, SplitMode Mode)> buckets, long chunkRows)
    {
        var children = new List<Node>();
        for (var first = 0; first < buckets.Count;)
        {
            var last = first;
            var rows = LargerRows(buckets[first].Source, buckets[first].Target);
            while (last + 1 < buckets.Count && rows + LargerRows(buckets[last + 1].Source, buckets[last + 1].Target) <= chunkRows)
            {
                last++;
                rows += LargerRows(buckets[last].Source, buckets[last].Target);
            }

            var members = buckets.GetRange(first, last - first + 1);
            var range = new KeyRange(members[0].Range.Lower, members[^1].Range.Upper);
            children.Add(new Node(NextId(), parent.Id, parent.Depth + 1, range, Merge(members.Select(m => m.Source), children.Count),
                Merge(members.Select(m => m.Target), children.Count), parent.Mode, UseChecksums)
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
    private SplitPoints ValueSplit(Node node)
    {
        var mins = new[] { node.Source?.MinKey, node.Target?.MinKey }.Where(v => v is not null).Select(v => ProviderValues.ToInt64(v!)).ToList();
        var maxs = new[] { node.Source?.MaxKey, node.Target?.MaxKey }.Where(v => v is not null).Select(v => ProviderValues.ToInt64(v!)).ToList();
        return mins.Count == 0
            ? SplitPoints.None
            : SplitPlanner.ByValue(mins.Min(), maxs.Max(), _tuner.Buckets(Math.Max(node.SourceRows, node.TargetRows), uniform: true));
    }

    /// <summary>The range of one child: the first keeps the parent's lower bound and the last its upper bound.</summary>
    private static KeyRange ChildRange(Node parent, SplitPoints points, int bucket) =>
        new(bucket == 0 ? parent.Range.Lower : points.Boundaries[bucket - 1],
            bucket == points.Boundaries.Count ? parent.Range.Upper : points.Boundaries[bucket]);

    /// <summary>Records the parent as split and its children: equal ones as Matched at once (a wide split leaves
    /// thousands of these, never queued), the others as Pending on the queue.</summary>
    private void RecordSplit(Node node, DateTime started, List<Node> children)
    {
        Interlocked.Add(ref _known, children.Count);
        _listener.OnPartition(node.Record(PartitionStatus.Split) with { StartedAt = started, CompletedAt = DateTime.UtcNow }, []);
        Interlocked.Increment(ref _done);
        var settledAt = DateTime.UtcNow;
        foreach (var child in children)
        {
            if (IsSettled(child))
            {
                Finish(child, PartitionStatus.Matched, settledAt, []);
                continue;
            }

            _listener.OnPartition(child.Record(PartitionStatus.Pending), []);
            Interlocked.Increment(ref _pending);
            _queue.Writer.TryWrite(child);
        }

        ReportProgress(force: false);
    }

    private void Finish(Node node, PartitionStatus status, DateTime started, List<Discrepancy> found)
    {
        Interlocked.Add(ref _processedRows, node.SourceRows + node.TargetRows);
        Interlocked.Add(ref _discrepancies, found.Count);
        Interlocked.Increment(ref _done);
        _listener.OnPartition(node.Record(status) with { Discrepancies = found.Count, StartedAt = started, CompletedAt = DateTime.UtcNow }, found);
        ReportProgress(force: false);
    }

    private void ReportProgress(bool force)
    {
        var now = _clock.Elapsed.Ticks;
        var last = Interlocked.Read(ref _lastProgressTicks);
        if (!force && now - last < TimeSpan.TicksPerMillisecond * 100)
        {
            return;
        }

        if (force || Interlocked.CompareExchange(ref _lastProgressTicks, now, last) == last)
        {
            _listener.OnProgress(new RunProgress(Interlocked.Read(ref _done), Interlocked.Read(ref _known), Interlocked.Read(ref _processedRows),
                Interlocked.Read(ref _totalRows), Interlocked.Read(ref _discrepancies), _clock.Elapsed));
        }
    }

    private long NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>The same work on both sides at once. Each side starts on its own thread: some drivers (SQLite)
    /// complete their "async" calls synchronously, which would run the sides one after the other.</summary>
    private static async Task<(T, T)> BothAsync<T>((EndpointSession Source, EndpointSession Target) pair, Func<EndpointSession, Task<T>> work)
    {
        var source = Task.Run(() => work(pair.Source));
        var target = Task.Run(() => work(pair.Target));
        try
        {
            await Task.WhenAll(source, target).ConfigureAwait(false);
        }
        catch
        {
            // Surface the first real failure rather than an AggregateException.
            if (source.IsFaulted)
            {
                await source.ConfigureAwait(false);
            }

            await target.ConfigureAwait(false);
            throw;
        }

        return (source.Result, target.Result);
    }

    /// <summary>A range being worked on, with both sides' statistics.</summary>
    private sealed class Node(long id, long? parentId, int depth, KeyRange range, BucketStats? source, BucketStats? target, SplitMode mode,
        bool hasChecksums)
    {
        public long Id { get; } = id;
        public long? ParentId { get; } = parentId;
        public int Depth { get; } = depth;
        public KeyRange Range { get; } = range;
        public BucketStats? Source { get; set; } = source;
        public BucketStats? Target { get; set; } = target;

        /// <summary>False for a child cut without counting: its row counts are an estimate until it is fetched.</summary>
        public bool Counted { get; set; } = true;

        /// <summary>A root whose row counts are the databases' statistics until its split counts its buckets.</summary>
        public bool RowsEstimated { get; set; }
        public SplitMode Mode { get; } = mode;

        /// <summary>The statistics include both sides' checksums (the root and -Strategy Rows have counts only).</summary>
        public bool HasChecksums { get; } = hasChecksums;
        public long SourceRows { get; set; } = source?.Rows ?? 0;
        public long TargetRows { get; set; } = target?.Rows ?? 0;
        public ulong SourceChecksum => Source?.Checksum ?? 0;
        public ulong TargetChecksum => Target?.Checksum ?? 0;

        /// <summary>Counts and checksums agree (meaningful when <see cref="HasChecksums"/>).</summary>
        public bool IsEqual => KnownEqual ?? (SourceRows == TargetRows && SourceChecksum == TargetChecksum);

        /// <summary>Set for a child merged from buckets: equal when every bucket was (its checksum is not theirs).</summary>
        public bool? KnownEqual { get; init; }

        /// <summary>A child merged from buckets: fetched whole, never split again (it is within the memory bound).</summary>
        public bool FetchWhole => KnownEqual is not null;

        /// <summary>The share of its siblings (itself included) whose counts or checksums differ.</summary>
        public double UnequalSiblings { get; set; }

        public PartitionRecord Record(PartitionStatus status) =>
            new(0, Id, ParentId, Depth, Range, status) { SourceRows = SourceRows, TargetRows = TargetRows };
    }
}
