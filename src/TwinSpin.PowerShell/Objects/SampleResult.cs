using System.Globalization;

namespace TwinSpin;

/// <summary>
/// What Test-TwinSpinSample found (TwinSpin.SampleResult): how many sampled source rows differ, the measured difference rate
/// and its one-sided upper confidence bound (exact, Clopper-Pearson), and the discrepancies themselves. The sample is drawn
/// from the source: rows that exist only in the target are never sampled.
/// </summary>
public sealed class SampleResult
{
    public Endpoint Source { get; init; } = null!;

    public Endpoint Target { get; init; } = null!;

    /// <summary>Distinct source keys sampled.</summary>
    public int Sampled { get; init; }

    /// <summary>Sampled keys with at least one discrepancy.</summary>
    public int Differences { get; init; }

    /// <summary>Differences / Sampled.</summary>
    public double DifferenceRate { get; init; }

    /// <summary>The difference rate is below this with probability Confidence (1 when nothing was sampled).</summary>
    public double UpperBound { get; init; }

    public double Confidence { get; init; }

    /// <summary>KeySeek, TableSample or KeyScan.</summary>
    public string Method { get; init; } = string.Empty;

    /// <summary>The seed the keys were drawn with: -Seed with it draws the same keys from the same table.</summary>
    public int Seed { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>Queries sent to both databases together.</summary>
    public int Queries { get; init; }

    /// <summary>The source's rows as its statistics (or a count) gave them, when the sample needed them; else $null.</summary>
    public long? TableRows { get; init; }

    public Discrepancy[] Discrepancies { get; init; } = [];

    /// <summary>One sentence: "no difference in 20,000 sampled rows: the difference rate is below 0.015% with 95% confidence".</summary>
    public string Summary
    {
        get
        {
            var confidence = Percent(Confidence, roundUp: false);
            if (Sampled == 0)
            {
                return "no rows sampled: the source has none (under the filter)";
            }

            var found = Differences == 0
                ? $"no difference in {Sampled.ToString("N0", CultureInfo.InvariantCulture)} sampled rows"
                : $"{Differences.ToString("N0", CultureInfo.InvariantCulture)} of {Sampled.ToString("N0", CultureInfo.InvariantCulture)} sampled rows differ ({Percent(DifferenceRate, roundUp: false)})";
            return UpperBound >= 1
                ? $"{found}: no bound below 100% at {confidence} confidence"
                : $"{found}: the difference rate is below {Percent(UpperBound, roundUp: true)} with {confidence} confidence";
        }
    }

    public override string ToString() => Summary;

    /// <summary>A share as a percentage with two significant digits (an upper bound rounded up, so it stays a bound).</summary>
    internal static string Percent(double share, bool roundUp)
    {
        var percent = share * 100;
        if (percent <= 0)
        {
            return "0%";
        }

        var digits = Math.Clamp(1 - (int)Math.Floor(Math.Log10(percent)), 0, 10);
        var scale = Math.Pow(10, digits);
        var rounded = roundUp ? Math.Ceiling(percent * scale - 1e-9) / scale : Math.Round(percent, digits);
        return rounded.ToString("0." + new string('#', digits), CultureInfo.InvariantCulture) + "%";
    }
}
