using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;

namespace TwinSpin.Engine.Runner;

public enum CompareStrategy
{
    /// <summary>Count and checksum every range in the databases; fetch rows only of small unequal ranges.</summary>
    Checksum,
    /// <summary>Split by row counts only and fetch every leaf: slower, trusts no in-database hash.</summary>
    Rows,
}

/// <summary>How key ranges are cut.</summary>
public enum KeyPartitioning
{
    /// <summary>Range, unless a text key cannot be ordered the same way on both sides (then Hash).</summary>
    Auto,
    /// <summary>Ranges of the key itself (index range scans; text in code point order).</summary>
    Range,
    /// <summary>Ranges of a portable hash of the key: the same rows on both sides whatever the collations
    /// and character sets, at the cost of scanning instead of seeking.</summary>
    Hash,
}

/// <summary>How the key space is divided and how much runs at once.</summary>
public sealed record JobOptions
{
    public const int DefaultMaxDepth = 16;

    /// <summary>Ranges with at most this many rows (on the larger side) are fetched and diffed instead of split.
    /// Null: chosen by the run from measured fetch latency and rate (<see cref="PartitionTuner"/>).</summary>
    public int? PartitionRowThreshold { get; init; }

    /// <summary>Ranges this deep are fetched, unless larger than <see cref="MaxLeafRows"/>.</summary>
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    /// <summary>No range with more rows than this is fetched whole (it is split by quantiles instead),
    /// so memory is bounded by this many rows per side and worker, whatever the table's size.</summary>
    public int MaxLeafRows { get; init; } = 250_000;

    /// <summary>Children per split. Null: about one leaf's rows per child, so that one scan finds scattered
    /// differences (up to <see cref="PartitionTuner.MaxUniformBuckets"/> children).</summary>
    public int? FanOut { get; init; }

    /// <summary>Connections per side, each working on its own range.</summary>
    public int Parallelism { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    public CompareStrategy Strategy { get; init; } = CompareStrategy.Checksum;

    public KeyPartitioning KeyPartitioning { get; init; } = KeyPartitioning.Auto;

    /// <summary>Checksum with the portable hash contract even when both sides are the same engine, whose own
    /// row hash would be cheaper (<see cref="SameEngineHashCheck"/>).</summary>
    public bool PortableHash { get; init; }

    /// <summary>Retries of a range query or fetch that failed with a transient error, each on a fresh connection.</summary>
    public int RetryCount { get; init; } = 5;

    /// <summary>No retry starts later than this after the query's first failure.</summary>
    public TimeSpan RetryTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>After the run, how many times the discrepancies found are read again by key on both sides, each after
    /// <see cref="RecheckDelay"/>: those that no longer differ were rows in flight (replication had not delivered them).</summary>
    public int RecheckCount { get; init; }

    public TimeSpan RecheckDelay { get; init; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (RetryCount < 0 || RetryTimeout < TimeSpan.Zero)
        {
            throw new TwinSpinException(ErrorCode.InvalidArgument, "RetryCount must be at least 0 and RetryTimeout not negative.");
        }

        if (RecheckCount < 0 || RecheckDelay < TimeSpan.Zero)
        {
            throw new TwinSpinException(ErrorCode.InvalidArgument, "RecheckCount must be at least 0 and RecheckDelay not negative.");
        }

        if (PartitionRowThreshold < 1 || MaxDepth < 0 || FanOut < 2 || Parallelism < 1 || MaxLeafRows < (PartitionRowThreshold ?? 1))
        {
            throw new TwinSpinException(ErrorCode.InvalidArgument,
                "PartitionRowThreshold and Parallelism must be at least 1, FanOut at least 2, MaxDepth at least 0, and MaxLeafRows at least PartitionRowThreshold.");
        }
    }
}

/// <summary>Everything a comparison needs: both sides, the key, which columns, which rows, how.</summary>
public sealed record CompareRequest(EndpointSpec Source, EndpointSpec Target)
{
    /// <summary>Key columns in key order; empty means the source table's primary key.</summary>
    public IReadOnlyList<string> KeyColumns { get; init; } = [];

    /// <summary>Columns to compare; empty means every non-key column present on both sides.</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    public IReadOnlyList<string> ExcludeColumns { get; init; } = [];

    /// <summary>A SQL condition applied to both sides.</summary>
    public string? Where { get; init; }

    /// <summary>Source column name -> target column name, for columns named differently on the two sides.</summary>
    public IReadOnlyDictionary<string, string> ColumnMap { get; init; } = new Dictionary<string, string>();

    /// <summary>Text columns compared without regard to ASCII case.</summary>
    public IReadOnlyList<string> IgnoreCaseColumns { get; init; } = [];

    /// <summary>Text columns compared without leading and trailing spaces.</summary>
    public IReadOnlyList<string> TrimColumns { get; init; } = [];

    /// <summary>An empty string equals NULL in every text column (Oracle stores '' as NULL).</summary>
    public bool EmptyStringAsNull { get; init; }

    /// <summary>Numeric columns whose values are equal when at most this far apart.</summary>
    public IReadOnlyDictionary<string, decimal> Tolerances { get; init; } = new Dictionary<string, decimal>();

    /// <summary>The key range to compare; the whole table by default.</summary>
    public KeyRange Range { get; init; } = KeyRange.All;

    public JobOptions Options { get; init; } = new();

    public string? Name { get; init; }
}
