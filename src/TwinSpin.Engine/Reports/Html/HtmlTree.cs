using System.Text;
using TwinSpin.Engine.Store;
using TwinSpin.Engine.Views;

namespace TwinSpin.Engine.Reports.Html;

/// <summary>
/// The partition tree as nested &lt;details&gt;: the lines <see cref="PartitionTreeLayout"/> lays out (matched sibling
/// runs rolled up), a branch open when something under it is not matched, closed when all of it matched. At most
/// <c>lineLimit</c> lines are drawn; a note says so when the tree has more.
/// </summary>
internal static class HtmlTree
{
    private const int FlushChars = 1 << 15;

    public static async Task WriteAsync(TextWriter writer, IReadOnlyList<PartitionRecord> partitions, int lineLimit, CancellationToken cancellationToken)
    {
        var html = new StringBuilder(FlushChars + 1024);
        html.Append("<section id=\"tree\" class=\"order-tree\"><h2>Partition tree</h2>");
        if (partitions.Count == 0)
        {
            html.Append("<p class=\"muted\">No partitions recorded.</p></section>\n");
            await writer.WriteAsync(html, cancellationToken).ConfigureAwait(false);
            return;
        }

        html.Append("<div class=\"tree-tools\"><button type=\"button\" id=\"tree-expand\">expand all</button>")
            .Append("<button type=\"button\" id=\"tree-collapse\">collapse all</button>")
            .Append("<span class=\"muted\">branches with differences are open; runs of matched ranges are rolled up into one line</span></div>")
            .Append("<div class=\"tree\">");
        var open = new Stack<int>(); // depths of the <details> still open
        TreeLine? pending = null;
        var drawn = 0;
        var cut = false;
        foreach (var line in PartitionTreeLayout.Lines(PartitionTree.Build(partitions), TreeExpansion.Mismatched, maxDepth: null))
        {
            if (drawn == lineLimit)
            {
                cut = true;
                break;
            }

            drawn++;
            if (pending is not null)
            {
                Line(html, pending, hasChildren: Depth(line) > Depth(pending), open);
            }

            while (open.Count > 0 && open.Peek() >= Depth(line))
            {
                open.Pop();
                html.Append("</div></details>");
            }

            pending = line;
            if (html.Length > FlushChars)
            {
                await writer.WriteAsync(html, cancellationToken).ConfigureAwait(false);
                html.Clear();
            }
        }

        if (pending is not null)
        {
            Line(html, pending, hasChildren: false, open);
        }

        while (open.TryPop(out _))
        {
            html.Append("</div></details>");
        }

        html.Append("</div>");
        if (cut)
        {
            html.Append("<p class=\"note\" id=\"tree-note\">The tree is cut at its first ").Count(lineLimit).Append(" lines (")
                .Count(partitions.Count).Append(" partitions in all); Show-TwinSpinPartition or the Json report has the whole tree.</p>");
        }

        html.Append("</section>\n");
        await writer.WriteAsync(html, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Levels below the tree's root: the layout indents each level by four characters.</summary>
    private static int Depth(TreeLine line) => line.Prefix.Length / 4;

    private static void Line(StringBuilder html, TreeLine line, bool hasChildren, Stack<int> open)
    {
        if (line is CollapsedLine run)
        {
            html.Append("<div class=\"rollup\">").Count(run.Ranges).Append(" matched ").Append(HtmlText.Plural(run.Ranges, "range", "ranges"))
                .Append(", ").Append(Rows(run.SourceRows, run.TargetRows)).Append("</div>");
            return;
        }

        var node = ((NodeLine)line).Node;
        if (!hasChildren)
        {
            html.Append("<div class=\"leaf\" id=\"p").Append(node.Record.Id).Append("\">");
            Text(html, node);
            html.Append("</div>");
            return;
        }

        open.Push(Depth(line));
        html.Append("<details id=\"p").Append(node.Record.Id).Append('"').Append(node.FullyMatched ? string.Empty : " open").Append("><summary>");
        Text(html, node);
        html.Append("</summary><div class=\"kids\">");
    }

    /// <summary>#id [range)  Status  rows  discrepancies, as Show-TwinSpinPartition prints a node.</summary>
    private static void Text(StringBuilder html, PartitionNode node)
    {
        var record = node.Record;
        var status = node.Running ? "Running" : record.Status.ToString();
        html.Append("<span class=\"pid\">#").Append(record.Id).Append("</span> <span class=\"range\">").Text(record.Range.ToString())
            .Append("</span>  <span class=\"s-").Append(status).Append("\">").Append(status).Append("</span>  ")
            .Append(Rows(record.SourceRows, record.TargetRows));
        if (node.SubtreeDiscrepancies > 0)
        {
            html.Append("  <span class=\"found\">").Count(node.SubtreeDiscrepancies).Append(' ')
                .Append(HtmlText.Plural(node.SubtreeDiscrepancies, "discrepancy", "discrepancies")).Append("</span>");
        }
    }

    private static string Rows(long source, long target) => source == target
        ? $"{HtmlText.Number(source)} {HtmlText.Plural(source, "row", "rows")}"
        : $"{HtmlText.Number(source)} / {HtmlText.Number(target)} rows";
}
