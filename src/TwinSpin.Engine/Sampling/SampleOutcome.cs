using TwinSpin.Engine.Diffing;

namespace TwinSpin.Engine.Sampling;

/// <summary>What a sampled check found: <see cref="Differences"/> of <see cref="Sampled"/> source keys differ (missing in the
/// target, a value mismatch, a duplicate key, or gone from the source since it was drawn), and the one-sided upper
/// confidence bound of the table's difference rate.</summary>
public sealed record SampleOutcome(
    int Sampled,
    int Differences,
    double UpperBound,
    double Confidence,
    SampleMethod Method,
    int Seed,
    TimeSpan Duration,
    int Queries,
    long? TableRows,
    IReadOnlyList<Discrepancy> Discrepancies)
{
    /// <summary>The sampled keys (as the source's driver read them), in the order drawn.</summary>
    public IReadOnlyList<object[]> Keys { get; init; } = [];

    public double DifferenceRate => Sampled == 0 ? 0 : (double)Differences / Sampled;
}

/// <summary>How far a sample has got: keys drawn, then rows compared, of <see cref="Total"/>.</summary>
public sealed record SampleProgress(string Phase, int Done, int Total);
