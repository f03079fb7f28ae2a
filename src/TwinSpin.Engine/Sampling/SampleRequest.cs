using TwinSpin.Engine.Runner;

namespace TwinSpin.Engine.Sampling;

/// <summary>How sampled keys are drawn from the source (docs/Test-TwinSpinSample.md describes each one's cost and bias).</summary>
public enum SampleMethod
{
    /// <summary>KeySeek for a single integer key, else TableSample where the database has it, else KeyScan.</summary>
    Auto,

    /// <summary>Random points between the key's MIN and MAX, each sought to the next existing key by the key's index.</summary>
    KeySeek,

    /// <summary>The database's own page sampling (PostgreSQL and DB2 TABLESAMPLE SYSTEM, Oracle SAMPLE BLOCK).</summary>
    TableSample,

    /// <summary>Every key read once, the sample the keys with the smallest seeded hash: exactly uniform, but a scan of the key.</summary>
    KeyScan,
}

/// <summary>A sampled quick check: the pair and its columns and rules (<see cref="Compare"/>, as a job takes them), how many
/// rows, at what confidence, drawn how.</summary>
public sealed record SampleRequest(CompareRequest Compare)
{
    public const int DefaultSize = 10_000;

    /// <summary>Rows to sample; null with <see cref="Fraction"/>, or for <see cref="DefaultSize"/>.</summary>
    public int? Size { get; init; }

    /// <summary>The share of the source's rows to sample (0 &lt; f ≤ 1), converted to a size by the table's statistics
    /// (or a COUNT(*) where there are none, or with a filter).</summary>
    public double? Fraction { get; init; }

    public double Confidence { get; init; } = 0.95;

    /// <summary>The same seed draws the same keys from the same table; null: a random seed, reported in the result.</summary>
    public int? Seed { get; init; }

    public SampleMethod Method { get; init; } = SampleMethod.Auto;

    /// <summary>Largest sample taken: its keys and rows are held in memory.</summary>
    public const int MaxSize = 10_000_000;

    public void Validate()
    {
        if (Size is { } size && (size < 1 || size > MaxSize))
        {
            throw new TwinSpinException(ErrorCode.InvalidArgument, $"-Size must be between 1 and {MaxSize:N0} rows; {size} is not.") { Target = size };
        }

        if (Fraction is { } fraction && !(fraction > 0 && fraction <= 1))
        {
            throw new TwinSpinException(ErrorCode.InvalidArgument,
                $"-Fraction must be greater than 0 and at most 1 (0.001 samples one row in a thousand); {fraction} is not.") { Target = fraction };
        }

        if (Size is not null && Fraction is not null)
        {
            throw new TwinSpinException(ErrorCode.InvalidArgument, "Give -Size or -Fraction, not both.");
        }

        if (!(Confidence > 0 && Confidence < 1))
        {
            throw new TwinSpinException(ErrorCode.InvalidArgument,
                $"-Confidence must be between 0 and 1 exclusive (0.95 for 95%); {Confidence} is not.") { Target = Confidence };
        }
    }
}
