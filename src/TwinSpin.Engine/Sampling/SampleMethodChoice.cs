using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Sampling;

/// <summary>
/// Which way keys are drawn. Auto: KeySeek for a single integer key (index lookups, nothing scanned) unless the statistics show
/// it sparser than one row in <see cref="KeySeekSampler.MaxSparseness"/> values; else TableSample where the
/// source's database samples pages and its statistics give the table's rows (PostgreSQL, DB2, Oracle); else KeyScan (a scan
/// of the key, exactly uniform). A method asked for that does not apply is an InvalidArgument error.
/// </summary>
internal static class SampleMethodChoice
{
    public static async Task<IKeySampler> ChooseAsync(SampleMethod method, SampleDraw draw, SourceRows rows, CancellationToken cancellationToken)
    {
        var source = draw.Session;
        var plan = source.Plan;
        var seekable = plan.KeyCount == 1 && plan.KeyColumns[0].Type == LogicalType.Integer;
        var pages = source.Dialect.TableSampleClause(1, 0) is not null;
        switch (method)
        {
            case SampleMethod.KeySeek when !seekable:
                throw Refused($"-Method KeySeek needs a single integer key column; the key is ({string.Join(", ", plan.KeyColumns.Select(k => $"{k.Name} {k.Type}"))}).");
            case SampleMethod.KeySeek:
                return new KeySeekSampler();
            case SampleMethod.TableSample when !pages:
                throw Refused($"-Method TableSample needs a database that samples pages (PostgreSQL, DB2, Oracle); the source is {source.Dialect.Name}.");
            case SampleMethod.TableSample:
                return new TableSampleSampler(await rows.RowsAsync(cancellationToken).ConfigureAwait(false));
            case SampleMethod.KeyScan:
                return new KeyScanSampler();
        }

        var estimate = await rows.EstimateAsync(cancellationToken).ConfigureAwait(false);
        if (estimate is { } small && small <= 2L * draw.Size)
        {
            return new KeyScanSampler(); // half the table or more: reading every key costs less than drawing them
        }

        if (seekable && !(estimate is { } known && await KeySeekSampler.SpanAsync(draw, cancellationToken).ConfigureAwait(false) is var (min, max) &&
            max - min + 1 > (decimal)known * KeySeekSampler.MaxSparseness))
        {
            return new KeySeekSampler();
        }

        if (pages && estimate is { } pageBase)
        {
            return new TableSampleSampler(pageBase);
        }

        return new KeyScanSampler();
    }

    private static TwinSpinException Refused(string message) => new(ErrorCode.InvalidArgument, message) { Target = "-Method" };
}
