using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// Decides, before a comparison starts, how far in-database checksums can be trusted. When the contract
/// self-check finds a column whose SQL hash differs from the engine's on either side, the pair is compared by
/// fetching rows (the Rows strategy), and a warning names the columns: a SQL hash that departs from the
/// contract can give different values the same hash on both sides (a difference is never seen), or equal
/// values different hashes (every range is split and fetched, slower than fetching at once). When both
/// sides are the same engine, the engine's own cheaper row hash replaces the contract for range checksums
/// if <see cref="SameEngineHashCheck"/> proves it (unless the options ask for the portable hash).
/// </summary>
public static class PushdownGuard
{
    /// <summary>The request and plan to run: unchanged; with the Rows strategy when a side fails the self-check;
    /// or with the same-engine row hash when it is proven.</summary>
    public static async Task<(CompareRequest Request, ComparePlan Plan)> ChooseAsync(CompareRequest request, ComparePlan plan, Action<string> warn,
        CancellationToken cancellationToken)
    {
        if (request.Options.Strategy != CompareStrategy.Checksum)
        {
            return (request, plan);
        }

        await using var source = await EndpointSession.OpenAsync(request.Source, Side.Source, plan, request.Where, cancellationToken).ConfigureAwait(false);
        await using var target = await EndpointSession.OpenAsync(request.Target, Side.Target, plan, request.Where, cancellationToken).ConfigureAwait(false);

        // A proven same-engine hash replaces the contract for every checksum (hash partitioning still cuts ranges
        // with the contract's key hash), so the contract then needs no check of its own.
        string? nativeWarning = null;
        if (!request.Options.PortableHash && source.Dialect.CanChecksum && target.Dialect.CanChecksum &&
            SameEngineHashCheck.IsCandidate(plan, source.Dialect, target.Dialect))
        {
            var verdict = await SameEngineHashCheck.RunAsync(source, target, ContractSelfCheck.DefaultSampleRows, cancellationToken).ConfigureAwait(false);
            if (verdict.Usable && !plan.HashPartitioned)
            {
                return (request, plan with { NativeRowHash = true });
            }

            if (verdict.Usable)
            {
                plan = plan with { NativeRowHash = true };
            }
            else
            {
                var why = verdict.Failure is not null
                    ? $"could not be computed: {verdict.Failure}"
                    : verdict.DisagreeingKey is not null
                        ? $"differs between them on a row both hold equally (key {verdict.DisagreeingKey}): a session setting or a value stored in " +
                          "another form changes it."
                        : null; // no row held equally by both sides in the sample: nothing to warn about
                nativeWarning = why is null ? null
                    : $"Both sides are {source.Dialect.Name}, but its own row hash ({source.Dialect.NativeHashName}) {why} Ranges are checksummed " +
                      "with the portable hash contract instead (same results, more work in the databases).";
            }
        }

        var checks = await Task.WhenAll(
            ContractSelfCheck.RunAsync(source, ContractSelfCheck.DefaultSampleRows, cancellationToken),
            ContractSelfCheck.RunAsync(target, ContractSelfCheck.DefaultSampleRows, cancellationToken)).ConfigureAwait(false);
        var failed = checks.Where(c => c.Verdict == ContractVerdict.Failed).ToList();
        if (failed.Count > 0)
        {
            warn("The hash contract self-check failed: " + string.Join(" ", failed.Select(f => f.Describe())) +
                 " Checksums computed in the databases cannot be trusted for this pair: this comparison fetches every row (as -Strategy Rows does).");
            return (request with { Options = request.Options with { Strategy = CompareStrategy.Rows } }, plan with { NativeRowHash = false });
        }

        if (nativeWarning is not null)
        {
            warn(nativeWarning);
        }

        return (request, plan);
    }
}
