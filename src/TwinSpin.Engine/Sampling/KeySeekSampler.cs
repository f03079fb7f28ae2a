using System.Globalization;

namespace TwinSpin.Engine.Sampling;

/// <summary>
/// For a single integer key: uniform random points between the key's MIN and MAX (one query, two index lookups where the key
/// is indexed), each sought to the first existing key at or above it (one index seek per point, 256 points a query), until
/// <c>Size</c> distinct keys are drawn. Seconds on a billion rows: nothing is scanned. A row is drawn with a probability
/// proportional to the gap below its key (the run of missing values it ends), so on a dense key it is uniform, and rows after
/// large gaps (deleted ranges, sequence jumps) are drawn more often. A key span no larger than the size is read whole
/// (<see cref="KeyScanSampler"/>); draws stop after four times the size plus 1,024 points (a table with fewer rows than
/// the size, or its rows bunched into a few keys), with the distinct keys found.
/// </summary>
internal sealed class KeySeekSampler : IKeySampler
{
    /// <summary>Points sought in one query (one parameter each: under every driver's parameter limit).</summary>
    internal const int PointsPerQuery = 256;

    public SampleMethod Method => SampleMethod.KeySeek;

    public async Task<List<object[]>> DrawAsync(SampleDraw draw, CancellationToken cancellationToken)
    {
        object? low = null, high = null;
        await draw.RunAsync(draw.Queries.KeySpan(), 2, span => (low, high) = (span[0], span[1]), cancellationToken).ConfigureAwait(false);
        if (low is null or DBNull || high is null or DBNull)
        {
            return []; // no rows (under the filter)
        }

        var min = Convert.ToDecimal(low, CultureInfo.InvariantCulture);
        var max = Convert.ToDecimal(high, CultureInfo.InvariantCulture);
        var width = max - min + 1;
        if (width <= draw.Size)
        {
            return await new KeyScanSampler().DrawAsync(draw, cancellationToken).ConfigureAwait(false);
        }

        // The seed is mixed first: data generated with new Random(42) and sampled with -Seed 42 would otherwise be drawn at
        // the very points it was planted at.
        var random = new Random(unchecked((int)System.IO.Hashing.XxHash32.HashToUInt32(BitConverter.GetBytes(draw.Seed), 0x5EED)));
        var seen = new HashSet<decimal>();
        var keys = new List<object[]>(draw.Size);
        var budget = 4L * draw.Size + 1024;
        while (keys.Count < draw.Size && budget > 0)
        {
            var count = (int)Math.Min(PointsPerQuery, Math.Min(budget, Math.Max(16, (draw.Size - keys.Count) * 5L / 4)));
            budget -= count;
            var points = Enumerable.Range(0, count).Select(_ => Point(random, min, width)).ToList();
            var found = new List<object[]>(count);
            await draw.RunAsync(draw.Queries.SeekKeys(points), 1, found.Add, cancellationToken).ConfigureAwait(false);
            // In seeded-hash order, so the keys kept from the last query are the same whatever order its rows came in.
            foreach (var key in found.OrderBy(k => KeyPriority.Priority(draw.Seed, KeyPriority.KeyText(k))))
            {
                if (keys.Count < draw.Size && seen.Add(Convert.ToDecimal(key[0], CultureInfo.InvariantCulture)))
                {
                    keys.Add(key);
                }
            }

            draw.Report(keys.Count);
        }

        return keys;
    }

    /// <summary>A uniform point in [min, min + width): as a long where it fits (every engine binds it), else a decimal.</summary>
    private static object Point(Random random, decimal min, decimal width)
    {
        var offset = width <= long.MaxValue ? random.NextInt64((long)width) : decimal.Floor((decimal)random.NextDouble() * width);
        var point = min + offset;
        return point is >= long.MinValue and <= long.MaxValue ? (object)(long)point : point;
    }
}
