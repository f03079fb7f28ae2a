using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Views;

/// <summary>Which ranges of a tree are drawn one per line: everything, or only what is not matched (runs of
/// matched siblings become one rolled-up line).</summary>
public enum TreeExpansion
{
    Mismatched,
    All,
}

/// <summary>One line of a drawn tree; <see cref="Prefix"/> holds the box-drawing guides.</summary>
public abstract record TreeLine(string Prefix);

/// <summary>A partition drawn on its own line; <paramref name="HiddenBelow"/> ranges under it are beyond the depth shown.</summary>
public sealed record NodeLine(string Prefix, PartitionNode Node, long HiddenBelow) : TreeLine(Prefix);

/// <summary>Consecutive fully matched sibling subtrees, drawn as one line with their totals.</summary>
public sealed record CollapsedLine(string Prefix, long Ranges, long SourceRows, long TargetRows) : TreeLine(Prefix);

/// <summary>Lays a partition tree out as lines, as `tree` draws a directory: root first, children under it in key order.</summary>
public static class PartitionTreeLayout
{
    private const string Branch = "├── ", LastBranch = "└── ", Guide = "│   ", NoGuide = "    ";

    /// <param name="maxDepth">Levels shown below each root; null for all.</param>
    public static IEnumerable<TreeLine> Lines(PartitionTree tree, TreeExpansion expansion, int? maxDepth)
    {
        foreach (var root in tree.Roots)
        {
            foreach (var line in Node(root, string.Empty, string.Empty, root.Record.Depth, expansion, maxDepth))
            {
                yield return line;
            }
        }
    }

    // Depth is bounded by the splitter (a few dozen levels), so recursion is safe here.
    private static IEnumerable<TreeLine> Node(PartitionNode node, string prefix, string childPrefix, int rootDepth,
        TreeExpansion expansion, int? maxDepth)
    {
        var atLimit = maxDepth is { } limit && node.Record.Depth - rootDepth >= limit;
        yield return new NodeLine(prefix, node, atLimit ? node.SubtreeRanges - 1 : 0);
        if (atLimit)
        {
            yield break;
        }

        var groups = Group(node.Children, expansion);
        for (var i = 0; i < groups.Count; i++)
        {
            var last = i == groups.Count - 1;
            var (branch, guide) = last ? (LastBranch, NoGuide) : (Branch, Guide);
            if (groups[i] is { Count: > 1 } run)
            {
                yield return new CollapsedLine(childPrefix + branch, run.Sum(n => n.SubtreeRanges),
                    run.Sum(n => n.Record.SourceRows), run.Sum(n => n.Record.TargetRows));
                continue;
            }

            foreach (var line in Node(groups[i][0], childPrefix + branch, childPrefix + guide, rootDepth, expansion, maxDepth))
            {
                yield return line;
            }
        }
    }

    /// <summary>Children one per group, except runs of fully matched ones, which share a group (when not expanding all).</summary>
    private static List<List<PartitionNode>> Group(List<PartitionNode> children, TreeExpansion expansion)
    {
        var groups = new List<List<PartitionNode>>();
        foreach (var child in children)
        {
            var joinsRun = expansion == TreeExpansion.Mismatched && child.FullyMatched &&
                groups.Count > 0 && groups[^1][0].FullyMatched;
            if (joinsRun)
            {
                groups[^1].Add(child);
            }
            else
            {
                groups.Add([child]);
            }
        }

        return groups;
    }
}
