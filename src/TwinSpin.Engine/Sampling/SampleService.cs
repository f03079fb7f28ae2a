using System.Diagnostics;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Runner;

namespace TwinSpin.Engine.Sampling;

/// <summary>
/// A sampled quick check (Test-TwinSpinSample): the same preflight as a job (tables, columns, key, types, rules, filters;
/// without the NULL-key and uniqueness probes, which scan the table: a NULL key is never drawn, a duplicated one shows as a
/// DuplicateKey), keys drawn from the source (<see cref="SampleMethodChoice"/>), their rows fetched from both sides by key and
/// diffed (<see cref="SampledRowDiff"/>), and the difference rate bounded (<see cref="ConfidenceBound"/>). Nothing is stored.
/// A sample drawn from the source cannot see rows that exist only in the target.
/// </summary>
public static class SampleService
{
    public static async Task<SampleOutcome> RunAsync(SampleRequest request, Action<string>? warn, IProgress<SampleProgress>? progress,
        CancellationToken cancellationToken)
    {
        request.Validate();
        var clock = Stopwatch.StartNew();
        var (compare, plan, _, _) = await Preflight.PlanAsync(request.Compare, warn, cancellationToken).ConfigureAwait(false);
        var seed = request.Seed ?? Random.Shared.Next();
        await using var source = await EndpointSession.OpenAsync(compare.Source, Side.Source, plan, compare.Where, cancellationToken).ConfigureAwait(false);
        await using var target = await EndpointSession.OpenAsync(compare.Target, Side.Target, plan, compare.Where, cancellationToken).ConfigureAwait(false);

        var rows = new SourceRows(source);
        var size = request.Fraction is { } fraction
            ? (int)Math.Clamp(Math.Ceiling(fraction * await rows.RowsAsync(cancellationToken).ConfigureAwait(false)), 1, SampleRequest.MaxSize)
            : request.Size ?? SampleRequest.DefaultSize;

        var draw = new SampleDraw(source, size, seed, progress);
        var choice = await SampleMethodChoice.ChooseAsync(request.Method, draw, rows, cancellationToken).ConfigureAwait(false);
        var keys = await choice.DrawAsync(draw, cancellationToken).ConfigureAwait(false);
        if (keys.Count < size)
        {
            warn?.Invoke(keys.Count == 0
                ? "The source has no rows to sample (under the filter, if any)."
                : choice.Method == SampleMethod.KeySeek
                    ? $"Only {keys.Count:N0} distinct keys were drawn of the {size:N0} asked for: the source has about that many rows (under the filter), " +
                      $"or its key is sparser than one row in {KeySeekSampler.MaxSparseness} values (-Method KeyScan, or TableSample where the " +
                      "database has it, samples such a key in full). The bound is for the rows sampled."
                    : $"Only {keys.Count:N0} distinct keys were drawn of the {size:N0} asked for: the source has about that many rows (under the filter). " +
                      "The bound is for the rows sampled.");
        }

        var (discrepancies, fetches) = await SampledRowDiff.DiffAsync(source, target, keys, progress, cancellationToken).ConfigureAwait(false);
        var differing = discrepancies.Select(d => JobRowReader.KeyText(d.Key.Select(k => k.Value).ToList())).Distinct(StringComparer.Ordinal).Count();
        var sampled = keys.Count;
        differing = Math.Min(differing, sampled); // (a key gone from the source but in the target is one of the sampled keys)
        return new SampleOutcome(sampled, differing, ConfidenceBound.Upper(differing, sampled, request.Confidence), request.Confidence, choice.Method,
            seed, clock.Elapsed, rows.QueriesSent + draw.QueriesSent + fetches, rows.Known, discrepancies) { Keys = keys };
    }
}

/// <summary>The source's row count, asked once when needed: the statistics' estimate without a filter, else a COUNT(*)
/// (a scan, which only -Fraction and page sampling without statistics need).</summary>
internal sealed class SourceRows(EndpointSession source)
{
    private long? _rows;

    public long? Known => _rows;

    public int QueriesSent { get; private set; }

    /// <summary>The statistics' estimate, or null (no statistics, or a filter they know nothing of).</summary>
    public async Task<long?> EstimateAsync(CancellationToken cancellationToken)
    {
        if (_rows is not null || source.Filter is not null)
        {
            return _rows;
        }

        QueriesSent++;
        var estimate = await source.EstimateRowsAsync(cancellationToken).ConfigureAwait(false);
        _rows = estimate is > 0 ? estimate : null;
        return _rows;
    }

    public async Task<long> RowsAsync(CancellationToken cancellationToken)
    {
        if (await EstimateAsync(cancellationToken).ConfigureAwait(false) is { } estimate)
        {
            return estimate;
        }

        long count = 0;
        QueriesSent++;
        await source.ForEachRowAsync(new SampleQueries(source).Count(), 1, row => count = Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture),
            cancellationToken).ConfigureAwait(false);
        _rows = count;
        return count;
    }
}
