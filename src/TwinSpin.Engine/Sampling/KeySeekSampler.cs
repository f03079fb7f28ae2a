using System.Globalization;

namespace TwinSpin.Engine.Sampling;

/// <summary>
/// For a single integer key: uniform random points between the key's MIN and MAX (one query: two index lookups where the key
/// is indexed), looked up as keys (<c>key IN (...)</c>, up to 4,096 points a query, each an index lookup); a point that is an existing
/// key samples its row, the others are dropped (rejection sampling). Every row is then equally likely, whatever the gaps in
/// the key: a uniform sample without replacement (a key hit twice counts once). Nothing is scanned. The cost grows with the
/// key's sparseness: about Size / density points, 4,096 a query (density = rows / (MAX - MIN + 1)). Points stop after 64 times
/// the size plus 4,096 (a key sparser than one row in 64 values, or a table with fewer rows than the size), with the keys
/// found and a warning; Auto picks another method when the statistics show such a key. A key span no larger than the size, a
/// table the statistics show at most twice the size, or one where a quarter of a query's hits repeat keys already drawn (the
/// sample is then about half the table) is read whole instead (<see cref="KeyScanSampler"/>).
/// </summary>
internal sealed class KeySeekSampler : IKeySampler
{
    /// <summary>Points looked up in one query (written as literals, so no parameter limit applies).</summary>
    internal const int PointsPerQuery = 4096;

    /// <summary>Points drawn per key wanted, at most (beyond the first 4,096): the sparsest key sampled in full has one row in this many values.</summary>
    internal const int MaxSparseness = 64;

    public SampleMethod Method => SampleMethod.KeySeek;

    /// <summary>MIN and MAX of the key (null: no rows), as decimals (a BIGINT UNSIGNED or NUMBER key may exceed a long).</summary>
    public static async Task<(decimal Min, decimal Max)?> SpanAsync(SampleDraw draw, CancellationToken cancellationToken)
    {
        object? low = null, high = null;
        await draw.RunAsync(draw.Queries.KeySpan(), 2, span => (low, high) = (span[0], span[1]), cancellationToken).ConfigureAwait(false);
        return low is null or DBNull || high is null or DBNull
            ? null
            : (Convert.ToDecimal(low, CultureInfo.InvariantCulture), Convert.ToDecimal(high, CultureInfo.InvariantCulture));
    }

    public async Task<List<object[]>> DrawAsync(SampleDraw draw, CancellationToken cancellationToken)
    {
        if (await SpanAsync(draw, cancellationToken).ConfigureAwait(false) is not var (min, max))
        {
            return []; // no rows (under the filter)
        }

        var width = max - min + 1;
        if (width <= draw.Size)
        {
            return await new KeyScanSampler().DrawAsync(draw, cancellationToken).ConfigureAwait(false);
        }

        // The seed is mixed first: data generated with new Random(42) and sampled with -Seed 42 would otherwise be looked
        // up at the very points it was planted at.
        var random = new Random(unchecked((int)System.IO.Hashing.XxHash32.HashToUInt32(BitConverter.GetBytes(draw.Seed), 0x5EED)));
        var seen = new HashSet<decimal>();
        var keys = new List<object[]>(draw.Size);
        var budget = (long)MaxSparseness * draw.Size + 4096;
        long tried = 0, rawHits = 0;
        while (keys.Count < draw.Size && budget > 0)
        {
            // Enough points for the keys still wanted at the hit rate seen so far (a quarter more), 16 to 4,096.
            var hitRate = tried == 0 ? 1.0 : Math.Max(1.0 / MaxSparseness, (double)seen.Count / tried);
            var wanted = (draw.Size - keys.Count) * 1.25 / hitRate;
            var count = (int)Math.Min(Math.Min(PointsPerQuery, budget), Math.Max(16, wanted));
            budget -= count;
            tried += count;
            var points = new List<decimal>(count);
            for (var i = 0; i < count; i++)
            {
                points.Add(Point(random, min, width));
            }

            var hits = new Dictionary<decimal, object[]>();
            var repeats = 0;
            await draw.RunAsync(draw.Queries.KeysAt(points.Distinct().ToList()), 1,
                key => hits[Convert.ToDecimal(key[0], CultureInfo.InvariantCulture)] = key, cancellationToken).ConfigureAwait(false);
            // In the order the points were drawn, so the keys kept from the last query are the same whatever order its rows came in.
            foreach (var point in points)
            {
                if (keys.Count < draw.Size && hits.TryGetValue(point, out var key))
                {
                    rawHits++;
                    if (seen.Add(point))
                    {
                        keys.Add(key);
                    }
                    else
                    {
                        repeats++;
                    }
                }
            }

            draw.Report(keys.Count);
            if (rawHits >= 256 && repeats * 4L > hits.Count && keys.Count < draw.Size)
            {
                // More than a quarter of this query's hits were keys drawn before: the sample is about half the table or more,
                // and the rest would take ever more points. Reading every key costs less then.
                return await new KeyScanSampler().DrawAsync(draw, cancellationToken).ConfigureAwait(false);
            }
        }

        return keys;
    }

    /// <summary>A uniform integer in [min, min + width).</summary>
    private static decimal Point(Random random, decimal min, decimal width) =>
        min + (width <= long.MaxValue ? random.NextInt64((long)width) : decimal.Floor((decimal)random.NextDouble() * width));
}
