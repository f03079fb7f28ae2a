using System.Threading.Channels;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// The ranges still to settle, shared by the workers. It completes when the last pending range is released:
/// a range stays pending from when it is queued until its worker has settled, split or fetched it.
/// </summary>
internal sealed class RangeQueue
{
    private readonly Channel<RangeNode> _channel = Channel.CreateUnbounded<RangeNode>();
    private long _pending;
    private long _lastId;

    public long NextId() => Interlocked.Increment(ref _lastId);

    /// <summary>A resumed job's ranges keep their stored ids: new ones come after them.</summary>
    public void IdsUsedUpTo(long lastId) => Interlocked.Exchange(ref _lastId, Math.Max(_lastId, lastId));

    public void Add(RangeNode node)
    {
        Interlocked.Increment(ref _pending);
        _channel.Writer.TryWrite(node);
    }

    /// <summary>Puts back a range taken but not worked on; it was never released, so it stays pending.</summary>
    public void PutBack(RangeNode node) => _channel.Writer.TryWrite(node);

    public bool TryTake(out RangeNode node) => _channel.Reader.TryRead(out node!);

    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);

    public void CompleteIfEmpty()
    {
        if (Interlocked.Read(ref _pending) == 0)
        {
            _channel.Writer.TryComplete();
        }
    }

    /// <summary>Ranges taken have been worked on; the queue completes when none is pending any more.</summary>
    public void Release(int ranges = 1)
    {
        if (Interlocked.Add(ref _pending, -ranges) == 0)
        {
            _channel.Writer.TryComplete();
        }
    }
}
