using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Runner;

/// <summary>One worker's connections: one to each side.</summary>
internal sealed record SessionPair(EndpointSession Source, EndpointSession Target) : IAsyncDisposable
{
    public static async Task<SessionPair> OpenAsync(CompareRequest request, ComparePlan plan, CancellationToken cancellationToken)
    {
        var source = await EndpointSession.OpenAsync(request.Source, Side.Source, plan, request.Where, cancellationToken).ConfigureAwait(false);
        try
        {
            var target = await EndpointSession.OpenAsync(request.Target, Side.Target, plan, request.Where, cancellationToken).ConfigureAwait(false);
            return new SessionPair(source, target);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Both sides are in process (SQLite): grouping buckets costs what reading the rows costs.</summary>
    public bool GroupsBucketsInProcess => Source.Dialect.GroupsBucketsInProcess && Target.Dialect.GroupsBucketsInProcess;

    /// <summary>The same work on both sides at once. Each side starts on its own thread: some drivers (SQLite)
    /// complete their "async" calls synchronously, which would run the sides one after the other.</summary>
    public async Task<(T Source, T Target)> BothAsync<T>(Func<EndpointSession, Task<T>> work)
    {
        var source = Task.Run(() => work(Source));
        var target = Task.Run(() => work(Target));
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

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync().ConfigureAwait(false);
        await Target.DisposeAsync().ConfigureAwait(false);
    }
}
