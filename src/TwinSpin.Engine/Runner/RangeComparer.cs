using System.Diagnostics;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;

namespace TwinSpin.Engine.Runner;

/// <summary>What a finished (or stopped) run counted.</summary>
/// <param name="FetchedRows">Rows fetched whole and diffed field by field, both sides: what travelled beyond counts and hashes.</param>
public sealed record RunSummary(long TotalRows, long ProcessedRows, long Discrepancies, long Partitions, long FetchedRows);

/// <summary>
/// Divide and conquer over the key space. Each range arrives with both sides' row count and checksum; equal
/// ranges are done; unequal ranges are cut into children whose counts and checksums come from ONE grouped query
/// per side (<see cref="RangeSplitter"/>); small (or too deep) unequal ranges are fetched into Arrow batches and
/// diffed in memory (<see cref="LeafFetcher"/>; for a same-engine pair, only their rows whose in-database row
/// hashes differ: <see cref="DifferingKeyFetch"/>). Workers, each with its own connection to each side, share
/// one queue of ranges (<see cref="RangeQueue"/>), seeded with the root (<see cref="RootSeeding"/>); every
/// outcome goes through the ledger (<see cref="RangeLedger"/>).
/// </summary>
/// <param name="resume">A stored job to continue: its settled ranges are kept, the others done again.</param>
public sealed class RangeComparer(CompareRequest request, ComparePlan plan, IRunListener listener, ResumePoint? resume = null)
{
    /// <summary>Leaves fetched in one query per side, at most.</summary>
    private const int MaxLeavesPerFetch = 32;

    private RunContext _run = null!;
    private RangeSplitter _splitter = null!;
    private LeafFetcher _leaves = null!;
    private DifferingKeyFetch _byKey = null!;

    public async Task<RunSummary> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sessions = new List<SessionPair>();
        var retry = new QueryRetry(request.Options, listener.OnWarning);
        try
        {
            // Every worker's connections at once: each is a round trip (and a server process) of its own.
            var opening = Enumerable.Range(0, request.Options.Parallelism).Select(_ => SessionPair.OpenAsync(request, plan, retry, failure.Token)).ToList();
            try
            {
                await Task.WhenAll(opening).ConfigureAwait(false);
            }
            finally
            {
                sessions.AddRange(opening.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result)); // closed below, opened or not
            }

            _run = new RunContext(request, plan, listener, UseChecksums(sessions[0]), clock);
            _splitter = new RangeSplitter(_run);
            _leaves = new LeafFetcher(_run);
            _byKey = new DifferingKeyFetch(_run, _leaves);
            if (resume is { Partitions.Count: > 0 })
            {
                new RootSeeding(_run).Resume(resume);
            }
            else
            {
                await new RootSeeding(_run).SeedAsync(sessions[0], failure.Token).ConfigureAwait(false);
            }

            _run.Queue.CompleteIfEmpty(); // a resumed job whose every range was settled has nothing left to do

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
            return _run.Counters.Summary();
        }
        finally
        {
            _run?.Counters.ReportProgress(force: true);
            foreach (var pair in sessions)
            {
                await pair.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>What the run has counted so far (nothing if it stopped before its first range).</summary>
    public RunSummary Summary() => _run?.Counters.Summary() ?? new RunSummary(0, 0, 0, 0, 0);

    /// <summary>Checksums when asked for and both sides can compute them in SQL; otherwise every row is fetched.</summary>
    private bool UseChecksums(SessionPair pair)
    {
        if (request.Options.Strategy != CompareStrategy.Checksum)
        {
            return false;
        }

        if (pair.Source.Dialect.CanChecksum && pair.Target.Dialect.CanChecksum)
        {
            return true;
        }

        var side = pair.Source.Dialect.CanChecksum ? pair.Target : pair.Source;
        listener.OnWarning($"The {side.Side.ToString().ToLowerInvariant()} ({side.Dialect.Name}) cannot compute checksums in SQL: " +
            "this comparison fetches every row (as -Strategy Rows does).");
        return false;
    }

    private async Task WorkAsync(SessionPair pair, CancellationTokenSource failure)
    {
        var token = failure.Token;
        try
        {
            while (await _run.Queue.WaitAsync(token).ConfigureAwait(false))
            {
                while (_run.Queue.TryTake(out var node))
                {
                    await ProcessAsync(node, pair, token).ConfigureAwait(false);
                    _run.Queue.Release();
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failure.Cancel();
            throw;
        }
    }

    /// <summary>Settles, splits or fetches one range.</summary>
    private async Task ProcessAsync(RangeNode node, SessionPair pair, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        if (node.IsSettled)
        {
            _run.Ledger.Matched(node, started);
            return;
        }

        if (!node.Counted && (_splitter.ShouldSplit(node) || _run.UseChecksums))
        {
            // Splitting needs the real counts and key span (split points come from them); with checksums, a range
            // is uncounted only when a job resumes, and leaves fetched together are bounded by their counts.
            await CountAsync(node, pair, cancellationToken).ConfigureAwait(false);
        }

        if (_splitter.ShouldSplit(node) && await _splitter.TrySplitAsync(node, pair, started, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var leaves = GatherLeaves(node);
        if (_byKey.Applies(node) || leaves.Count > 1)
        {
            await (_byKey.Applies(node)
                ? _byKey.DiffAsync(leaves, pair, started, cancellationToken)
                : _leaves.FetchAsync(leaves, pair, started, cancellationToken)).ConfigureAwait(false);
            _run.Queue.Release(leaves.Count - 1); // the first leaf is released by its worker
            return;
        }

        if (!await _leaves.FetchAsync(node, pair, started, cancellationToken).ConfigureAwait(false))
        {
            // Cut without counting and larger than the memory bound: counted, then split like any other range.
            await CountAsync(node, pair, cancellationToken).ConfigureAwait(false);
            await ProcessAsync(node, pair, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Counts a range cut without counting: its rows and key span on both sides.</summary>
    private async Task CountAsync(RangeNode node, SessionPair pair, CancellationToken cancellationToken)
    {
        var (source, target) = await pair.BothAsync(
            side => side.BucketStatsAsync(node.Range, SplitPoints.None, withChecksum: false, cancellationToken), cancellationToken).ConfigureAwait(false);
        node.Source = source.FirstOrDefault();
        node.Target = target.FirstOrDefault();
        node.SourceRows = node.Source?.Rows ?? 0;
        node.TargetRows = node.Target?.Rows ?? 0;
        node.Counted = true;
        _run.Ledger.CountsKnown(node);
    }

    /// <summary>
    /// The leaf to fetch and, when more leaves wait in the queue, others to fetch in the same round trip: after a
    /// wide split, scattered differences leave many small unequal ranges, and one query each would pay a round
    /// trip and a result set per few hundred rows. Ranges found equal on the way are settled; a range to
    /// split goes back to the queue. Bounded in rows, so memory stays bounded.
    /// </summary>
    private List<RangeNode> GatherLeaves(RangeNode first)
    {
        var leaves = new List<RangeNode> { first };
        if (!_run.UseChecksums)
        {
            return leaves; // large leaves of counts alone: nothing to save, only memory to spend
        }

        var rows = first.LargerRows;
        var limit = Math.Min(request.Options.MaxLeafRows, 4L * _run.Tuner.LeafRows);
        while (leaves.Count < MaxLeavesPerFetch && rows < limit && _run.Queue.TryTake(out var next))
        {
            if (next.IsSettled)
            {
                _run.Ledger.Matched(next, DateTime.UtcNow);
                _run.Queue.Release(); // never the last: the first leaf is still pending
                continue;
            }

            if (_splitter.ShouldSplit(next) || rows + next.LargerRows > limit || _byKey.Applies(next) != _byKey.Applies(first))
            {
                _run.Queue.PutBack(next);
                break;
            }

            leaves.Add(next);
            rows += next.LargerRows;
        }

        return leaves;
    }
}
