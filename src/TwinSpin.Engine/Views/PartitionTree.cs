using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Views;

/// <summary>One partition with its children and what its subtree holds, rolled up from the leaves.</summary>
public sealed class PartitionNode(PartitionRecord record)
{
    public PartitionRecord Record { get; } = record;

    public List<PartitionNode> Children { get; } = [];

    /// <summary>Ranges in the subtree, this one included.</summary>
    public long SubtreeRanges { get; internal set; }

    /// <summary>Discrepancies found in the subtree's leaves.</summary>
    public long SubtreeDiscrepancies { get; internal set; }

    /// <summary>True when every range of the subtree is Matched: it can be shown as one rolled-up line.</summary>
    public bool FullyMatched { get; internal set; }

    /// <summary>Pending with a start time and no end: being compared now.</summary>
    public bool Running => Record.Status == PartitionStatus.Pending && Record.StartedAt is not null && Record.CompletedAt is null;
}

/// <summary>
/// A job's partitions as a tree (the store keeps them as rows with a parent id). Built in one pass and
/// rolled up bottom-up without recursion, so a job with hundreds of thousands of ranges and deep splits
/// costs linear time and no stack.
/// </summary>
public sealed class PartitionTree
{
    private PartitionTree(IReadOnlyList<PartitionNode> roots, IReadOnlyDictionary<long, PartitionNode> byId)
    {
        Roots = roots;
        ById = byId;
    }

    /// <summary>Partitions without a parent (one root per job, or the chosen subtree's root).</summary>
    public IReadOnlyList<PartitionNode> Roots { get; }

    public IReadOnlyDictionary<long, PartitionNode> ById { get; }

    public static PartitionTree Build(IEnumerable<PartitionRecord> partitions)
    {
        var byId = new Dictionary<long, PartitionNode>();
        foreach (var partition in partitions)
        {
            byId[partition.Id] = new PartitionNode(partition);
        }

        // A split writes its children in key order, so ids order siblings by key.
        var roots = new List<PartitionNode>();
        foreach (var node in byId.Values.OrderBy(n => n.Record.Id))
        {
            if (node.Record.ParentId is { } parentId && byId.TryGetValue(parentId, out var parent))
            {
                parent.Children.Add(node);
            }
            else
            {
                roots.Add(node);
            }
        }

        // Deepest first: every child is rolled up before its parent.
        foreach (var node in byId.Values.OrderByDescending(n => n.Record.Depth))
        {
            node.SubtreeRanges = 1 + node.Children.Sum(c => c.SubtreeRanges);
            node.SubtreeDiscrepancies = node.Children.Count == 0 ? node.Record.Discrepancies : node.Children.Sum(c => c.SubtreeDiscrepancies);
            node.FullyMatched = node.Record.Status == PartitionStatus.Matched && node.Children.All(c => c.FullyMatched);
        }

        return new PartitionTree(roots, byId);
    }

    /// <summary>The subtree under <paramref name="partitionId"/> as a tree of its own; null when there is no such partition.</summary>
    public PartitionTree? Subtree(long partitionId)
    {
        if (!ById.TryGetValue(partitionId, out var root))
        {
            return null;
        }

        var nodes = new Dictionary<long, PartitionNode>();
        var pending = new Stack<PartitionNode>([root]);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            nodes[node.Record.Id] = node;
            foreach (var child in node.Children)
            {
                pending.Push(child);
            }
        }

        return new PartitionTree([root], nodes);
    }
}
