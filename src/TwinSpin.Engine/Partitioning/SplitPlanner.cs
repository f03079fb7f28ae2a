using System.Numerics;

namespace TwinSpin.Engine.Partitioning;

/// <summary>Chooses the interior boundaries that cut a range into children.</summary>
public static class SplitPlanner
{
    /// <summary>
    /// Up to <paramref name="fanOut"/>-1 boundaries stepping evenly from <paramref name="min"/> to
    /// <paramref name="max"/> on the first key column (one-value bounds). Empty when min == max.
    /// The first child keeps the parent's lower bound and the last its upper bound, so rows of
    /// either side outside the other side's min/max still land in a child.
    /// </summary>
    public static IReadOnlyList<KeyBound> ByValue(long min, long max, int fanOut)
    {
        var span = (BigInteger)max - min + 1;
        if (span <= 1)
        {
            return [];
        }

        var count = (int)BigInteger.Min(fanOut, span);
        var bounds = new List<KeyBound>(count - 1);
        long previous = min;
        for (var k = 1; k < count; k++)
        {
            var boundary = (long)(min + span * k / count);
            if (boundary > previous)
            {
                bounds.Add(new KeyBound([boundary]));
                previous = boundary;
            }
        }

        return bounds;
    }

    /// <summary>The row step between quantile boundaries so that a range of rows splits into fanOut parts.</summary>
    public static long QuantileStep(long rows, int fanOut) => Math.Max(1, (rows + fanOut - 1) / fanOut);

    /// <summary>True when one child holds so many of the parent's rows that equal-width steps stopped helping
    /// (big gaps or skew); that child is split by quantiles next.</summary>
    public static bool IsSkewed(long childRows, long parentRows, int fanOut) =>
        parentRows > 0 && childRows * fanOut > parentRows * (fanOut - 1) && fanOut > 1 && childRows > 1;
}
