using System.Diagnostics;

namespace TwinSpin.Engine.Runner;

/// <summary>What a run has counted so far, updated by every worker; progress reported at most every 100 ms.</summary>
/// <param name="clock">Started when the run started.</param>
internal sealed class RunCounters(IRunListener listener, Stopwatch clock)
{
    private long _done;
    private long _known;
    private long _processedRows;
    private long _fetchedRows;
    private long _totalRows;
    private long _discrepancies;
    private long _lastProgressTicks;

    /// <summary>The job's total rows: first the root's (estimated or counted), then its real count.</summary>
    public void SetTotalRows(long rows) => Interlocked.Exchange(ref _totalRows, rows);

    public void RangesKnown(int ranges) => Interlocked.Add(ref _known, ranges);

    public void RangeDone() => Interlocked.Increment(ref _done);

    public void RangeSettled(long rows, int discrepancies)
    {
        Interlocked.Add(ref _processedRows, rows);
        Interlocked.Add(ref _discrepancies, discrepancies);
        Interlocked.Increment(ref _done);
    }

    /// <summary>What a resumed job's earlier runs settled.</summary>
    public void Restore(long partitionsDone, long partitionsKnown, long processedRows, long discrepancies)
    {
        Interlocked.Add(ref _done, partitionsDone);
        Interlocked.Add(ref _known, partitionsKnown);
        Interlocked.Add(ref _processedRows, processedRows);
        Interlocked.Add(ref _discrepancies, discrepancies);
    }

    /// <summary>Rows fetched whole and diffed field by field, both sides.</summary>
    public void Fetched(long rows) => Interlocked.Add(ref _fetchedRows, rows);

    public RunSummary Summary() => new(Interlocked.Read(ref _totalRows), Interlocked.Read(ref _processedRows),
        Interlocked.Read(ref _discrepancies), Interlocked.Read(ref _done), Interlocked.Read(ref _fetchedRows));

    public void ReportProgress(bool force)
    {
        var now = clock.Elapsed.Ticks;
        var last = Interlocked.Read(ref _lastProgressTicks);
        if (!force && now - last < TimeSpan.TicksPerMillisecond * 100)
        {
            return;
        }

        if (force || Interlocked.CompareExchange(ref _lastProgressTicks, now, last) == last)
        {
            listener.OnProgress(new RunProgress(Interlocked.Read(ref _done), Interlocked.Read(ref _known), Interlocked.Read(ref _processedRows),
                Interlocked.Read(ref _totalRows), Interlocked.Read(ref _discrepancies), clock.Elapsed));
        }
    }
}
