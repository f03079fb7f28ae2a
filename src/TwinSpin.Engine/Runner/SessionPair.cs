using System.Runtime.CompilerServices;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// One worker's connections, one to each side. Every query goes through <see cref="BothAsync{T}"/> or
/// <see cref="OneAsync{T}"/>, which retry a transient failure (<see cref="QueryRetry"/>) on fresh connections:
/// the queries only read, so running one again is safe.
/// </summary>
internal sealed class SessionPair : IAsyncDisposable
{
    private readonly CompareRequest _request;
    private readonly ComparePlan _plan;
    private readonly QueryRetry _retry;
    private bool _broken;

    private SessionPair(CompareRequest request, ComparePlan plan, QueryRetry retry, EndpointSession source, EndpointSession target)
    {
        _request = request;
        _plan = plan;
        _retry = retry;
        Source = source;
        Target = target;
    }

    public EndpointSession Source { get; private set; }
    public EndpointSession Target { get; private set; }

    public static async Task<SessionPair> OpenAsync(CompareRequest request, ComparePlan plan, QueryRetry retry, CancellationToken cancellationToken)
    {
        var (source, target) = await retry.RunAsync(() => OpenBothAsync(request, plan, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new SessionPair(request, plan, retry, source, target);
    }

    /// <summary>Both sides are in process (SQLite): grouping buckets costs what reading the rows costs.</summary>
    public bool GroupsBucketsInProcess => Source.Dialect.GroupsBucketsInProcess && Target.Dialect.GroupsBucketsInProcess;

    /// <summary>The same work on both sides at once. Each side starts on its own thread: some drivers (SQLite)
    /// complete their "async" calls synchronously, which would run the sides one after the other.</summary>
    public Task<(T Source, T Target)> BothAsync<T>(Func<EndpointSession, Task<T>> work, CancellationToken cancellationToken) =>
        _retry.RunAsync(async () =>
        {
            await ReconnectIfBrokenAsync(cancellationToken).ConfigureAwait(false);
            return await RunBothAsync(work).ConfigureAwait(false);
        }, cancellationToken, () => _broken = true);

    /// <summary>Work on one side.</summary>
    public Task<T> OneAsync<T>(Side side, Func<EndpointSession, Task<T>> work, CancellationToken cancellationToken) =>
        _retry.RunAsync(async () =>
        {
            await ReconnectIfBrokenAsync(cancellationToken).ConfigureAwait(false);
            return await work(side == Side.Source ? Source : Target).ConfigureAwait(false);
        }, cancellationToken, () => _broken = true);

    private async Task<(T, T)> RunBothAsync<T>(Func<EndpointSession, Task<T>> work)
    {
        var source = Task.Run(() => work(Source));
        var target = Task.Run(() => work(Target));
        try
        {
            await Task.WhenAll(source, target).ConfigureAwait(false);
        }
        catch
        {
            // The side that succeeded may hold Arrow batches in native memory: free them.
            foreach (var side in new[] { source, target }.Where(t => t.IsCompletedSuccessfully))
            {
                DisposeResult(side.Result);
            }

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

    private static void DisposeResult(object? result)
    {
        if (result is IDisposable disposable)
        {
            disposable.Dispose();
        }
        else if (result is ITuple tuple)
        {
            for (var i = 0; i < tuple.Length; i++)
            {
                DisposeResult(tuple[i]);
            }
        }
    }

    /// <summary>After a failure, both connections are replaced: the one that failed is gone, and the other may be too.</summary>
    private async Task ReconnectIfBrokenAsync(CancellationToken cancellationToken)
    {
        if (!_broken)
        {
            return;
        }

        await DisposeQuietlyAsync().ConfigureAwait(false);
        (Source, Target) = await OpenBothAsync(_request, _plan, cancellationToken).ConfigureAwait(false);
        _broken = false;
    }

    private static async Task<(EndpointSession, EndpointSession)> OpenBothAsync(CompareRequest request, ComparePlan plan, CancellationToken cancellationToken)
    {
        var source = await EndpointSession.OpenAsync(request.Source, Side.Source, plan, request.Where, cancellationToken).ConfigureAwait(false);
        try
        {
            var target = await EndpointSession.OpenAsync(request.Target, Side.Target, plan, request.Where, cancellationToken).ConfigureAwait(false);
            return (source, target);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task DisposeQuietlyAsync()
    {
        foreach (var session in new[] { Source, Target })
        {
            try
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (TransientErrors.IsTransient(e) || e is System.Data.Common.DbException)
            {
                // A connection the server dropped may fail to close: it is gone either way.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_broken)
        {
            await DisposeQuietlyAsync().ConfigureAwait(false);
            return;
        }

        await Source.DisposeAsync().ConfigureAwait(false);
        await Target.DisposeAsync().ConfigureAwait(false);
    }
}
