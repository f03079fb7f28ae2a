using System.Diagnostics;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;

namespace TwinSpin.Engine.Runner;

/// <summary>What every stage of one run shares: the request and plan, what the endpoints proved they can do, the
/// queue of ranges, the counters and the ledger of outcomes.</summary>
internal sealed class RunContext
{
    public RunContext(CompareRequest request, ComparePlan plan, IRunListener listener, bool useChecksums, Stopwatch clock)
    {
        Request = request;
        Plan = plan;
        Options = request.Options;
        Listener = listener;
        UseChecksums = useChecksums;
        // Keys are matched by the database's equality to fetch differing rows, so ranges must be over the key itself.
        HashesFirst = useChecksums && plan.NativeRowHash && !plan.HashPartitioned;
        Tuner = new PartitionTuner(Options.PartitionRowThreshold, Options.FanOut, Options.MaxLeafRows, Options.Parallelism, useChecksums);
        Counters = new RunCounters(listener, clock);
        Ledger = new RangeLedger(listener, Queue, Counters);
    }

    public CompareRequest Request { get; }
    public ComparePlan Plan { get; }
    public JobOptions Options { get; }
    public IRunListener Listener { get; }

    /// <summary>Ranges are compared by counts and checksums computed in SQL (false: counts only, rows fetched).</summary>
    public bool UseChecksums { get; }

    /// <summary>The pair is proved to hash rows alike in SQL: unequal leaves read keys and row hashes first.</summary>
    public bool HashesFirst { get; }

    public PartitionTuner Tuner { get; }
    public RangeQueue Queue { get; } = new();
    public RunCounters Counters { get; }
    public RangeLedger Ledger { get; }

    /// <summary>Integer keys and partition hashes (uniform integers) split by value; other keys by quantiles.</summary>
    public SplitMode InitialMode =>
        Plan.HashPartitioned || Plan.KeyColumns[0].Type == LogicalType.Integer ? SplitMode.ByValue : SplitMode.ByQuantile;
}
