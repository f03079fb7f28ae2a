using System.Numerics;

namespace TwinSpin.Engine.Partitioning;

/// <summary>Interior boundaries spaced evenly from <see cref="Origin"/>: a row's bucket is then arithmetic
/// (<c>(key - Origin) / Width</c>), one division per row however many buckets there are.</summary>
public sealed record UniformStep(long Origin, long Width);

/// <summary>The interior boundaries that cut a range into <see cref="Buckets"/> children; bucket i holds the keys
/// from boundary i-1 (inclusive) to boundary i (exclusive).</summary>
public sealed record SplitPoints(IReadOnlyList<KeyBound> Boundaries, UniformStep? Step = null)
{
    public static readonly SplitPoints None = new([]);

    public int Buckets => Boundaries.Count + 1;
}

/// <summary>Chooses the interior boundaries that cut a range into children.</summary>
public static class SplitPlanner
{
    /// <summary>
    /// Up to <paramref name="buckets"/>-1 boundaries stepping evenly from <paramref name="min"/> to
    /// <paramref name="max"/> on the first key column (one-value bounds). Empty when min == max.
    /// The first child keeps the parent's lower bound and the last its upper bound, so rows of
    /// either side outside the other side's min/max still land in a child.
    /// </summary>
    public static SplitPoints ByValue(long min, long max, int buckets)
    {
        var span = (BigInteger)max - min + 1;
        if (span <= 1 || buckets < 2)
        {
            return SplitPoints.None;
        }

        var width = (span + buckets - 1) / buckets;
        var count = (int)((span + width - 1) / width);
        var bounds = new List<KeyBound>(count - 1);
        for (var k = 1; k < count; k++)
        {
            bounds.Add(new KeyBound([(long)(min + width * k)]));
        }

        // (key - min) must fit a signed 64-bit integer in every database for the arithmetic form.
        var step = span <= long.MaxValue / 2 ? new UniformStep(min, (long)width) : null;
        return new SplitPoints(bounds, step);
    }

    /// <summary>The row step between quantile boundaries so that a range of rows splits into the given number of parts.</summary>
    public static long QuantileStep(long rows, int buckets) => Math.Max(1, (rows + buckets - 1) / buckets);

    /// <summary>True when one child holds so many of the parent's rows that equal-width steps stopped helping
    /// (big gaps or skew); that child is split by quantiles next.</summary>
    public static bool IsSkewed(long childRows, long parentRows, int buckets) =>
        parentRows > 0 && childRows * buckets > parentRows * (buckets - 1) && buckets > 1 && childRows > 1;
}
