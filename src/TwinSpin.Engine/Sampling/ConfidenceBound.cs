using MathNet.Numerics.Distributions;

namespace TwinSpin.Engine.Sampling;

/// <summary>
/// The exact (Clopper-Pearson) one-sided upper confidence bound of a proportion: the rate p at which seeing at most
/// <c>k</c> differences in <c>n</c> rows has probability 1 - confidence, i.e. the <c>confidence</c> quantile of
/// Beta(k + 1, n - k). With k = 0 that is 1 - (1 - confidence)^(1/n) (about 3/n at 95%, the "rule of three").
/// It assumes rows drawn independently and uniformly: see the methods' bias in docs/Test-TwinSpinSample.md.
/// </summary>
public static class ConfidenceBound
{
    public static double Upper(int differences, int sampled, double confidence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(differences);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(differences, sampled);
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "The confidence must be between 0 and 1 exclusive.");
        }

        if (sampled == 0 || differences == sampled)
        {
            return 1; // nothing seen, or everything differed: no bound below certainty
        }

        if (differences == 0)
        {
            // Closed form, exact where a numeric quantile of Beta(1, n) would lose digits: -expm1(log1p(-c) / n).
            return -MathNet.Numerics.SpecialFunctions.Expm1(Math.Log(1 - confidence) / sampled);
        }

        return Beta.InvCDF(differences + 1, sampled - differences, confidence);
    }
}
