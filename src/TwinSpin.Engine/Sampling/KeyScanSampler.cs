namespace TwinSpin.Engine.Sampling;

/// <summary>
/// Reads every key of the source once (the key columns only, with the filter) and keeps the <c>Size</c> keys of smallest
/// seeded hash: an exactly uniform sample without replacement, reproducible for a seed whatever order the keys come in. One
/// query, but a scan of the key (of its index where there is one): minutes, not seconds, on a billion rows. The fallback for
/// keys that cannot be sought by value (text, compound) on databases without page sampling.
/// </summary>
internal sealed class KeyScanSampler : IKeySampler
{
    public SampleMethod Method => SampleMethod.KeyScan;

    public async Task<List<object[]>> DrawAsync(SampleDraw draw, CancellationToken cancellationToken)
    {
        var kept = new KeyPriority(draw.Seed, draw.Size);
        await draw.RunAsync(draw.Queries.AllKeys(), draw.KeyCount, key =>
        {
            kept.Offer(key);
            if (kept.Offered % 100_000 == 0)
            {
                draw.ReportScanned(kept.Offered); // the sample is known only at the end of the scan
            }
        }, cancellationToken).ConfigureAwait(false);
        return kept.Keys();
    }
}
