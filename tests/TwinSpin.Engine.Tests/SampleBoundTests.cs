using TwinSpin.Engine.Sampling;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>The sampled check's confidence bound (<see cref="ConfidenceBound"/>): exact Clopper-Pearson upper bounds, against
/// the closed form for no differences, published values (R's binom.test, whose two-sided 95% interval's upper end is the
/// one-sided 97.5% bound), and the bound's defining property computed independently by summing the binomial distribution.</summary>
public sealed class SampleBoundTests
{
    [Fact]
    public void No_difference_in_20000_rows_is_below_0_015_percent_at_95_percent()
    {
        var bound = ConfidenceBound.Upper(0, 20_000, 0.95);
        Assert.Equal(1.4977e-4, bound, 1e-8); // 1 - 0.05^(1/20000)
        Assert.Equal("0.0150%", bound.ToString("0.0000%", System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(bound * 20_000, 2.99, 3.0); // the rule of three
    }

    [Theory]
    [InlineData(0, 10, 0.3084971)]
    [InlineData(1, 10, 0.4450161)]
    [InlineData(5, 10, 0.8129140)]
    [InlineData(10, 100, 0.1762226)]
    [InlineData(0, 100, 0.03621669)]
    public void Matches_published_Clopper_Pearson_upper_bounds(int differences, int sampled, double published)
    {
        Assert.Equal(published, ConfidenceBound.Upper(differences, sampled, 0.975), 6);
    }

    [Theory]
    [InlineData(1, 100, 0.95)]
    [InlineData(3, 1000, 0.95)]
    [InlineData(20, 10_000, 0.95)]
    [InlineData(200, 20_000, 0.99)]
    [InlineData(7, 50, 0.8)]
    public void Seeing_at_most_k_at_the_bound_has_probability_one_minus_the_confidence(int differences, int sampled, double confidence)
    {
        var bound = ConfidenceBound.Upper(differences, sampled, confidence);
        Assert.Equal(1 - confidence, BinomialCdf(differences, sampled, bound), 6);
        Assert.True(bound > (double)differences / sampled);
    }

    [Fact]
    public void Edge_cases_are_certain_or_refused()
    {
        Assert.Equal(1, ConfidenceBound.Upper(0, 0, 0.95));
        Assert.Equal(1, ConfidenceBound.Upper(5, 5, 0.95));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceBound.Upper(6, 5, 0.95));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceBound.Upper(0, 5, 1));
    }

    /// <summary>P(X ≤ k) for X ~ Binomial(n, p), summed term by term (independent of the beta quantile under test).</summary>
    private static double BinomialCdf(int k, int n, double p)
    {
        var term = Math.Pow(1 - p, n);
        var sum = term;
        for (var i = 0; i < k; i++)
        {
            term *= (double)(n - i) / (i + 1) * p / (1 - p);
            sum += term;
        }

        return sum;
    }
}
