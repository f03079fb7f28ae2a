using System.Diagnostics;
using Polly;
using Polly.Retry;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// Retries a query that failed with a transient error (<see cref="TransientErrors"/>) with exponential backoff and
/// jitter (Polly), at most <see cref="JobOptions.RetryCount"/> times and never starting later than
/// <see cref="JobOptions.RetryTimeout"/> after the first failure. Each retry is a warning on the job. When the
/// retries run out the run fails with ConnectionFailed; what it found is kept, and the job can be resumed.
/// </summary>
internal sealed class QueryRetry
{
    /// <summary>The first retry waits about this long; each next one twice as long (with jitter).</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);

    private static readonly ResiliencePropertyKey<long> FirstFailure = new("TwinSpin.FirstFailure");
    private static readonly ResiliencePropertyKey<Action?> OnFailure = new("TwinSpin.OnFailure");

    private readonly JobOptions _options;
    private readonly Action<string> _warn;
    private readonly ResiliencePipeline _pipeline;

    public QueryRetry(JobOptions options, Action<string> warn)
    {
        _options = options;
        _warn = warn;
        _pipeline = options.RetryCount == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.RetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstDelay,
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && ShouldRetry(e, args.Context)),
                OnRetry = args =>
                {
                    _warn($"{Describe(args.Outcome.Exception!)} Retry {args.AttemptNumber + 1} of {_options.RetryCount} in " +
                        $"{args.RetryDelay.TotalSeconds:0.0} s on a fresh connection.");
                    return default;
                },
            }).Build();
    }

    /// <summary>Runs <paramref name="attempt"/>, again after each transient failure; <paramref name="failed"/> runs after
    /// every failure (the caller marks its connections for replacement).</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> attempt, CancellationToken cancellationToken, Action? failed = null)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(OnFailure, failed);
        try
        {
            // The result boxed: Polly's generic code is then compiled once for every result type (the shared code of a
            // reference type), not once per value-tuple result on a session's first job.
            return (T)(await _pipeline.ExecuteAsync<object?>(async _ => await attempt().ConfigureAwait(false), context).ConfigureAwait(false))!;
        }
        catch (Exception e) when (_options.RetryCount > 0 && TransientErrors.IsTransient(e))
        {
            var since = context.Properties.TryGetValue(FirstFailure, out var first) ? Stopwatch.GetElapsedTime(first) : TimeSpan.Zero;
            throw new TwinSpinException(ErrorCode.ConnectionFailed,
                $"{Describe(e)} It still failed after {_options.RetryCount} retries or {since.TotalSeconds:0} s (-RetryCount, -RetryTimeout). " +
                "Everything found so far is kept: Resume-TwinSpinJob continues the job once the server is back.", e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private bool ShouldRetry(Exception e, ResilienceContext context)
    {
        if (context.Properties.TryGetValue(OnFailure, out var failed))
        {
            failed?.Invoke();
        }

        if (!TransientErrors.IsTransient(e))
        {
            return false;
        }

        if (!context.Properties.TryGetValue(FirstFailure, out var first))
        {
            context.Properties.Set(FirstFailure, Stopwatch.GetTimestamp());
            return true;
        }

        return Stopwatch.GetElapsedTime(first) < _options.RetryTimeout;
    }

    /// <summary>The failure as the user reads it: engine messages name the side and table and carry no secrets.</summary>
    private static string Describe(Exception e) => e is TwinSpinException ? e.Message.TrimEnd('.') + "." : $"A query failed: {e.Message.TrimEnd('.')}.";
}
