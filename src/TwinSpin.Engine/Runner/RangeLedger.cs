using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// Where every range's outcome is recorded: settled (Matched or Mismatched, with what it holds) or split into
/// children, which are settled at once when equal and queued otherwise. The listener (the job store's writer)
/// hears each outcome, and the counters count it.
/// </summary>
internal sealed class RangeLedger(IRunListener listener, RangeQueue queue, RunCounters counters)
{
    public void Finish(RangeNode node, PartitionStatus status, DateTime started, List<Discrepancy> found)
    {
        counters.RangeSettled(node.SourceRows + node.TargetRows, found.Count);
        listener.OnPartition(node.Record(status) with { Discrepancies = found.Count, StartedAt = started, CompletedAt = DateTime.UtcNow }, found);
        counters.ReportProgress(force: false);
    }

    /// <summary>Settles a range whose rows both sides hold alike, or that is empty.</summary>
    public void Matched(RangeNode node, DateTime started) => Finish(node, PartitionStatus.Matched, started, []);

    /// <summary>A range the job starts from (the root).</summary>
    public void Seed(RangeNode root)
    {
        counters.SetTotalRows(root.SourceRows + root.TargetRows);
        counters.RangesKnown(1);
        listener.OnPartition(root.Record(PartitionStatus.Pending), []);
        queue.Add(root);
    }

    /// <summary>Records the parent as split with its children, as one unit: equal children as Matched at once (a
    /// wide split leaves thousands of these, never queued), the others as Pending, then queued.</summary>
    public void RecordSplit(RangeNode node, DateTime started, List<RangeNode> children)
    {
        counters.RangesKnown(children.Count);
        var settledAt = DateTime.UtcNow;
        var records = new List<PartitionRecord>(children.Count);
        var queued = new List<RangeNode>();
        foreach (var child in children)
        {
            if (child.IsSettled)
            {
                counters.RangeSettled(child.SourceRows + child.TargetRows, 0);
                records.Add(child.Record(PartitionStatus.Matched) with { StartedAt = settledAt, CompletedAt = settledAt });
                continue;
            }

            records.Add(child.Record(PartitionStatus.Pending));
            queued.Add(child);
        }

        listener.OnSplit(node.Record(PartitionStatus.Split) with { StartedAt = started, CompletedAt = settledAt }, records);
        counters.RangeDone();
        queued.ForEach(queue.Add);
        counters.ReportProgress(force: false);
    }

    /// <summary>A root started from statistics now holds its real counts: they are the job's total.</summary>
    public void CountsKnown(RangeNode node)
    {
        if (node.RowsEstimated)
        {
            node.RowsEstimated = false;
            counters.SetTotalRows(node.SourceRows + node.TargetRows);
        }
    }
}
