using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// Decides, before a comparison starts, whether both sides' in-database checksums can be trusted: when the
/// contract self-check finds a column whose SQL hash differs from the engine's on either side, the pair is
/// compared by fetching rows (the Rows strategy), and a warning names the columns. A SQL hash that departs
/// from the contract can give different values the same hash on both sides (a difference is never seen),
/// or equal values different hashes (every range is split and fetched, slower than fetching at once).
/// </summary>
public static class PushdownGuard
{
    /// <summary>The request to run: unchanged, or with the Rows strategy when a side fails the self-check.</summary>
    public static async Task<CompareRequest> ChooseStrategyAsync(CompareRequest request, ComparePlan plan, Action<string> warn, CancellationToken cancellationToken)
    {
        if (request.Options.Strategy != CompareStrategy.Checksum)
        {
            return request;
        }

        var checks = await Task.WhenAll(CheckAsync(request.Source, Side.Source), CheckAsync(request.Target, Side.Target)).ConfigureAwait(false);
        var failed = checks.Where(c => c.Verdict == ContractVerdict.Failed).ToList();
        if (failed.Count == 0)
        {
            return request;
        }

        warn("The hash contract self-check failed: " + string.Join(" ", failed.Select(f => f.Describe())) +
             " Checksums computed in the databases cannot be trusted for this pair: this comparison fetches every row (as -Strategy Rows does).");
        return request with { Options = request.Options with { Strategy = CompareStrategy.Rows } };

        async Task<ContractCheckResult> CheckAsync(EndpointSpec spec, Side side)
        {
            await using var session = await EndpointSession.OpenAsync(spec, side, plan, request.Where, cancellationToken).ConfigureAwait(false);
            return await ContractSelfCheck.RunAsync(session, ContractSelfCheck.DefaultSampleRows, cancellationToken).ConfigureAwait(false);
        }
    }
}
