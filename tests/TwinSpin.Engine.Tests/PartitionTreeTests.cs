using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Store;
using TwinSpin.Engine.Views;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>The drawn tree against a naive reading of the same random partition rows.</summary>
public sealed class PartitionTreeTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 15)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Collapsed_and_drawn_ranges_account_for_every_partition(int seed)
    {
        var partitions = RandomTree(new Random(seed));
        var tree = PartitionTree.Build(partitions);
        var lines = PartitionTreeLayout.Lines(tree, TreeExpansion.Mismatched, maxDepth: null).ToList();

        var drawn = lines.OfType<NodeLine>().Select(l => l.Node.Record.Id).ToList();
        var collapsed = lines.OfType<CollapsedLine>().Sum(l => l.Ranges);
        Assert.Equal(partitions.Count, drawn.Count + collapsed);
        Assert.Equal(drawn.Count, drawn.Distinct().Count());
        // Everything that is not matched is drawn on its own line.
        var notMatched = partitions.Where(p => p.Status != PartitionStatus.Matched).Select(p => p.Id);
        Assert.Empty(notMatched.Except(drawn));
        // A collapsed line stands for two or more matched siblings.
        Assert.All(lines.OfType<CollapsedLine>(), l => Assert.True(l.Ranges >= 2));
        // The root's rolled-up discrepancies are the leaves' sum.
        var leaves = partitions.Where(p => partitions.All(c => c.ParentId != p.Id));
        Assert.Equal(leaves.Sum(p => p.Discrepancies), tree.Roots.Single().SubtreeDiscrepancies);
        // Every line is indented by its depth, and the root comes first.
        Assert.Equal(1, drawn[0]);
        foreach (var line in lines.OfType<NodeLine>())
        {
            Assert.Equal(4 * line.Node.Record.Depth, line.Prefix.Length);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Expanding_all_draws_every_partition_once_under_its_parent(int seed)
    {
        var partitions = RandomTree(new Random(seed));
        var lines = PartitionTreeLayout.Lines(PartitionTree.Build(partitions), TreeExpansion.All, maxDepth: null).ToList();
        Assert.Empty(lines.OfType<CollapsedLine>());
        var drawn = lines.Cast<NodeLine>().Select(l => l.Node.Record).ToList();
        Assert.Equal(partitions.Select(p => p.Id).Order(), drawn.Select(p => p.Id).Order());
        // Pre-order: each partition's parent is the nearest earlier line one level up.
        for (var i = 1; i < drawn.Count; i++)
        {
            var parent = drawn.Take(i).Last(p => p.Depth == drawn[i].Depth - 1);
            Assert.Equal(parent.Id, drawn[i].ParentId);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_depth_limit_hides_deeper_ranges_and_counts_them(int seed)
    {
        var partitions = RandomTree(new Random(seed));
        var limit = seed % 3;
        var lines = PartitionTreeLayout.Lines(PartitionTree.Build(partitions), TreeExpansion.All, limit).Cast<NodeLine>().ToList();
        Assert.All(lines, l => Assert.True(l.Node.Record.Depth <= limit));
        Assert.Equal(partitions.Count(p => p.Depth <= limit), lines.Count);
        Assert.Equal(partitions.Count(p => p.Depth > limit), lines.Sum(l => l.HiddenBelow));
    }

    [Fact]
    public void A_subtree_is_drawn_from_its_own_root()
    {
        var partitions = RandomTree(new Random(5));
        var tree = PartitionTree.Build(partitions);
        var inner = partitions.First(p => p.Depth == 1 && p.Status == PartitionStatus.Split);
        var lines = PartitionTreeLayout.Lines(tree.Subtree(inner.Id)!, TreeExpansion.All, null).Cast<NodeLine>().ToList();
        Assert.Equal(inner.Id, lines[0].Node.Record.Id);
        Assert.Equal(string.Empty, lines[0].Prefix);
        Assert.Equal(tree.ById[inner.Id].SubtreeRanges, lines.Count);
        Assert.Null(tree.Subtree(-1));
    }

    /// <summary>A job's tree as the store holds it: split ranges with children, leaves matched or mismatched.</summary>
    private static List<PartitionRecord> RandomTree(Random random)
    {
        var partitions = new List<PartitionRecord>();
        var nextId = 1L;
        void Add(long? parent, int depth, long lower, long upper)
        {
            var id = nextId++;
            var split = depth < 4 && upper - lower > 8 && random.NextDouble() < (depth == 0 ? 1.0 : 0.35);
            var index = partitions.Count;
            var discrepancies = !split && random.NextDouble() < 0.2 ? random.Next(1, 6) : 0;
            var status = split ? PartitionStatus.Split : discrepancies > 0 ? PartitionStatus.Mismatched : PartitionStatus.Matched;
            var rows = upper - lower;
            partitions.Add(new PartitionRecord(1, id, parent, depth, new KeyRange(new KeyBound([lower]), new KeyBound([upper])), status)
            {
                SourceRows = rows,
                TargetRows = rows + (discrepancies > 0 ? random.Next(-1, 2) : 0),
                Discrepancies = discrepancies,
            });
            if (split)
            {
                var children = random.Next(2, 9);
                var step = (upper - lower) / children;
                for (var c = 0; c < children; c++)
                {
                    Add(id, depth + 1, lower + c * step, c == children - 1 ? upper : lower + (c + 1) * step);
                }
            }
        }

        Add(null, 0, 0, 100_000);
        return partitions;
    }
}
