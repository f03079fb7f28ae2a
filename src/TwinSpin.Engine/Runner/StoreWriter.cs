using System.Threading.Channels;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// Persists what a run finds off the hot path: collects partition changes and discrepancies from
/// the workers and writes them in batches, one transaction each, so a crash never leaves a
/// discrepancy half-written and workers never wait on the store.
/// </summary>
public sealed class StoreWriter : IRunListener, IAsyncDisposable
{
    private const int MaxBatch = 2_000;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(250);

    private readonly IJobStore _store;
    private readonly long _jobId;
    /// <summary>Units written whole in one transaction: a partition with the discrepancies it yielded, or a split
    /// parent with all its children.</summary>
    private readonly Channel<(IReadOnlyList<PartitionRecord> Partitions, IReadOnlyList<Discrepancy> Found)> _changes =
        Channel.CreateUnbounded<(IReadOnlyList<PartitionRecord>, IReadOnlyList<Discrepancy>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private RunProgress? _progress;

    public StoreWriter(IJobStore store, long jobId)
    {
        _store = store;
        _jobId = jobId;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Set when a write failed; the run should stop.</summary>
    public Exception? Failure { get; private set; }

    public void OnPartition(PartitionRecord partition, IReadOnlyList<Discrepancy> found) =>
        _changes.Writer.TryWrite(([partition with { JobId = _jobId }], found));

    public void OnSplit(PartitionRecord parent, IReadOnlyList<PartitionRecord> children) =>
        _changes.Writer.TryWrite(([parent with { JobId = _jobId }, .. children.Select(c => c with { JobId = _jobId })], []));

    public void OnProgress(RunProgress progress) => _progress = progress;

    public void OnWarning(string message)
    {
    }

    /// <summary>Writes everything still queued, then returns.</summary>
    public async Task FlushAndCloseAsync(RunProgress? finalProgress)
    {
        if (finalProgress is not null)
        {
            _progress = finalProgress;
        }

        _changes.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        if (Failure is not null)
        {
            throw Failure;
        }
    }

    private async Task LoopAsync()
    {
        var partitions = new Dictionary<long, PartitionRecord>();
        var discrepancies = new List<(long, Discrepancy)>();
        try
        {
            while (await _changes.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                var deadline = DateTime.UtcNow + MaxDelay;
                while (partitions.Count + discrepancies.Count < MaxBatch)
                {
                    while (partitions.Count + discrepancies.Count < MaxBatch && _changes.Reader.TryRead(out var change))
                    {
                        foreach (var partition in change.Partitions)
                        {
                            partitions[partition.Id] = partition; // the latest state of a partition wins
                        }

                        // A change with discrepancies holds one partition: the one that yielded them.
                        discrepancies.AddRange(change.Found.Select(d => (change.Partitions[0].Id, d)));
                    }

                    var wait = deadline - DateTime.UtcNow;
                    if (wait <= TimeSpan.Zero || _changes.Reader.Completion.IsCompleted)
                    {
                        break;
                    }

                    using var timeout = new CancellationTokenSource(wait);
                    try
                    {
                        if (!await _changes.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                await WriteAsync(partitions, discrepancies).ConfigureAwait(false);
            }

            await WriteAsync(partitions, discrepancies).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Failure = e;
        }
    }

    private async Task WriteAsync(Dictionary<long, PartitionRecord> partitions, List<(long, Discrepancy)> discrepancies)
    {
        var progress = _progress;
        await _store.WriteAsync(new StoreBatch(_jobId, partitions.Values.OrderBy(p => p.Id).ToList(), discrepancies.ToList(),
            progress?.TotalRows ?? 0, progress?.ProcessedRows ?? 0), CancellationToken.None).ConfigureAwait(false);
        partitions.Clear();
        discrepancies.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        _changes.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
