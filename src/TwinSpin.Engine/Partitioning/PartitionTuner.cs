namespace TwinSpin.Engine.Partitioning;

/// <summary>
/// Chooses leaf size and bucket counts from what the run has measured so far: the rate at which the
/// databases count and checksum rows in place, and the latency and rate of fetching rows. A split is
/// one grouped query whatever its bucket count, so the first split of a large range asks for buckets
/// about one leaf in size: scattered differences are then found with a single scan and fetched
/// directly. Explicit settings always win. Thread-safe: workers report and ask concurrently.
/// </summary>
public sealed class PartitionTuner
{
    /// <summary>More buckets than this make the grouped result and the partition records the cost.</summary>
    public const int MaxUniformBuckets = 16_384;

    /// <summary>Quantile buckets are a CASE over bound parameters: kept under every driver's parameter limit.</summary>
    public const int MaxQuantileBuckets = 1024;

    /// <summary>Smallest auto leaf: below it the fixed cost of a query and a partition record dominates.</summary>
    public const int MinAutoLeafRows = 100;

    /// <summary>Largest auto leaf when checksums narrow the search.</summary>
    public const int MaxAutoLeafRows = 10_000;

    /// <summary>Leaf size without checksums: every row is fetched anyway, so only memory and parallelism bound it.</summary>
    public const int RowsLeafRows = 50_000;

    private readonly object _gate = new();
    private readonly int? _leafRows;
    private readonly int? _fanOut;
    private readonly int _maxLeafRows;
    private readonly int _parallelism;
    private readonly bool _checksums;

    // Defaults until measured: a local server's round trip and a driver's typical fetch rate.
    private double _latencySeconds = 0.0005;
    private double _fetchRowsPerSecond = 250_000;
    private double _scanRowsPerSecond = 1_000_000;
    private bool _latencyMeasured;
    private bool _rateMeasured;

    public PartitionTuner(int? leafRows, int? fanOut, int maxLeafRows, int parallelism, bool checksums)
    {
        _leafRows = leafRows;
        _fanOut = fanOut;
        _maxLeafRows = maxLeafRows;
        _parallelism = Math.Max(1, parallelism);
        _checksums = checksums;
    }

    /// <summary>True when neither the leaf size nor the fan-out was given.</summary>
    public bool IsAuto => _leafRows is null && _fanOut is null;

    /// <summary>Ranges with at most this many rows (larger side) are fetched and diffed instead of split.</summary>
    public int LeafRows
    {
        get
        {
            if (_leafRows is { } explicitRows)
            {
                return explicitRows;
            }

            if (!_checksums)
            {
                return Math.Min(RowsLeafRows, _maxLeafRows);
            }

            lock (_gate)
            {
                // Below latency x rate rows, a smaller leaf no longer makes a fetch cheaper.
                var rows = 2 * _latencySeconds * _fetchRowsPerSecond;
                return (int)Math.Clamp(rows, MinAutoLeafRows, Math.Min(MaxAutoLeafRows, _maxLeafRows));
            }
        }
    }

    /// <summary>How many children a range of <paramref name="rows"/> rows is cut into.</summary>
    public int Buckets(long rows, bool uniform)
    {
        if (_fanOut is { } explicitFanOut)
        {
            return explicitFanOut;
        }

        var cap = uniform ? MaxUniformBuckets : MaxQuantileBuckets;
        // Aim a quarter under the leaf size: children of equal key width vary in rows, and one just over the
        // leaf size would cost another split query.
        var target = Math.Max(1, LeafRows * 3L / 4);
        var wanted = (rows + target - 1) / target;
        // Enough children for every worker, even when a range is barely larger than a leaf.
        return (int)Math.Clamp(wanted, Math.Min(2 * _parallelism, Math.Max(2, rows)), cap);
    }

    /// <summary>
    /// Whether an unequal range larger than a leaf is cheaper to fetch whole than to split: splitting
    /// scans it once more and then fetches the unequal children, about <paramref name="unequalFraction"/>
    /// of them (the share of its siblings that differed).
    /// </summary>
    public bool FetchRatherThanSplit(long rows, double unequalFraction, bool uniform)
    {
        if (!IsAuto)
        {
            return unequalFraction > 0.5;
        }

        var buckets = Buckets(rows, uniform);
        lock (_gate)
        {
            var fetch = _latencySeconds + rows / _fetchRowsPerSecond;
            var unequalChildren = Math.Max(1, unequalFraction * buckets);
            var split = _latencySeconds + rows / _scanRowsPerSecond + unequalChildren * (_latencySeconds + rows / (double)buckets / _fetchRowsPerSecond);
            return fetch <= split;
        }
    }

    /// <summary>Share of a split's buckets that must differ for them to be fetched in merged chunks.</summary>
    public const double DenseFraction = 0.5;

    /// <summary>
    /// When most buckets of a split differ (<paramref name="unequalFraction"/> at least <see cref="DenseFraction"/>) and
    /// they are much smaller than a -Strategy Rows leaf, consecutive buckets are fetched together in chunks of this
    /// many rows: per-leaf work on thousands of tiny leaves costs more than reading their equal neighbours.
    /// 0 otherwise, and whenever the leaf size or fan-out was given.
    /// </summary>
    public int DenseChunkRows(double unequalFraction, long rows, int buckets)
    {
        var chunk = Math.Min(RowsLeafRows, _maxLeafRows);
        return IsAuto && _checksums && unequalFraction >= DenseFraction && buckets > 0 && rows / buckets * 4 <= chunk ? chunk : 0;
    }

    /// <summary>A grouped count (and checksum) query read <paramref name="rows"/> rows in <paramref name="elapsed"/>.</summary>
    public void ObserveScan(long rows, TimeSpan elapsed)
    {
        if (rows < 10_000 || elapsed <= TimeSpan.Zero)
        {
            return; // too small to say anything about the rate
        }

        lock (_gate)
        {
            _scanRowsPerSecond = Blend(_scanRowsPerSecond, rows / elapsed.TotalSeconds);
        }
    }

    /// <summary>A fetch of <paramref name="rows"/> rows (larger side) took <paramref name="elapsed"/>. The
    /// quickest fetch so far bounds the fixed cost of a query; large fetches give the rate per row.</summary>
    public void ObserveFetch(long rows, TimeSpan elapsed)
    {
        if (elapsed <= TimeSpan.Zero)
        {
            return;
        }

        lock (_gate)
        {
            var seconds = elapsed.TotalSeconds;
            _latencySeconds = _latencyMeasured ? Math.Min(_latencySeconds, seconds) : seconds;
            _latencyMeasured = true;
            if (rows >= 1_000)
            {
                var rate = rows / seconds;
                _fetchRowsPerSecond = _rateMeasured ? Blend(_fetchRowsPerSecond, rate) : rate;
                _rateMeasured = true;
            }
        }
    }

    private static double Blend(double previous, double observed) => 0.7 * previous + 0.3 * observed;
}
