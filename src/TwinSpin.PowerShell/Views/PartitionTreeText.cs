using System.Globalization;
using TwinSpin.Engine.Store;
using TwinSpin.Engine.Views;

namespace TwinSpin.Views;

/// <summary>The text of one line of Show-TwinSpinPartition: id, key range, status (colored), rows and discrepancies.</summary>
internal static class PartitionTreeText
{
    public static string Format(TreeLine line, ConsoleStyle style) => line switch
    {
        NodeLine node => node.Prefix + Node(node, style),
        CollapsedLine run => run.Prefix + style.Paint(Collapsed(run), ConsoleStyle.Dim),
        _ => line.Prefix,
    };

    private static string Node(NodeLine line, ConsoleStyle style)
    {
        var node = line.Node;
        var record = node.Record;
        var status = node.Running ? "Running" : record.Status.ToString();
        var matched = record.Status == PartitionStatus.Matched && !node.Running;
        var color = node.Running ? ConsoleStyle.Yellow : record.Status switch
        {
            PartitionStatus.Matched => string.Empty, // the whole line is dim
            PartitionStatus.Mismatched => ConsoleStyle.Red,
            PartitionStatus.Incomplete => ConsoleStyle.Magenta,
            _ => string.Empty,
        };
        var rows = record.SourceRows == record.TargetRows
            ? $"{Count(record.SourceRows)} rows"
            : $"{Count(record.SourceRows)} / {Count(record.TargetRows)} rows";
        var text = $"#{record.Id} {record.Range}  {style.Paint(status, color)}  {rows}";
        if (node.SubtreeDiscrepancies > 0)
        {
            text += "  " + style.Paint($"{Count(node.SubtreeDiscrepancies)} {Plural(node.SubtreeDiscrepancies, "discrepancy", "discrepancies")}", ConsoleStyle.Red);
        }

        if (line.HiddenBelow > 0)
        {
            text += style.Paint($"  (+{Count(line.HiddenBelow)} {Plural(line.HiddenBelow, "range", "ranges")} below)", ConsoleStyle.Dim);
        }

        return matched ? style.Paint(text, ConsoleStyle.Dim) : text;
    }

    private static string Collapsed(CollapsedLine run) =>
        $"… {Count(run.Ranges)} matched {Plural(run.Ranges, "range", "ranges")}, {Rows(run.SourceRows)} rows";

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Rows in a rolled-up line, short: 950, 12.5K, 3.9M, 1.2B.</summary>
    internal static string Rows(long n) => n switch
    {
        >= 1_000_000_000 => (n / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "B",
        >= 1_000_000 => (n / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 10_000 => (n / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "K",
        _ => Count(n),
    };

    private static string Plural(long n, string one, string many) => n == 1 ? one : many;
}
