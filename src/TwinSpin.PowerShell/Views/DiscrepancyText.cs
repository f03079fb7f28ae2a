using TwinSpin.Engine.Views;

namespace TwinSpin.Views;

/// <summary>
/// The lines of Show-TwinSpinDiscrepancy for one discrepancy: a heading with its type and key, then for a value
/// mismatch each differing field with the source value above the target value. Differing characters are colored
/// (red in the source, green in the target) or, in plain text, marked as git's word diff marks them: [-removed-]
/// and {+added+}.
/// </summary>
internal static class DiscrepancyText
{
    /// <param name="row">For a missing row, the row that exists (read with -Row); null to show the key only.</param>
    public static IEnumerable<string> Lines(Discrepancy d, ConsoleStyle style, int context, IReadOnlyList<(string Column, object? Value)>? row)
    {
        var where = d.JobId is null ? string.Empty : style.Paint($"  (job {d.JobId}, partition {d.PartitionId})", ConsoleStyle.Dim);
        var type = d.Type switch
        {
            "MissingInTarget" => style.Paint(d.Type, ConsoleStyle.Red),
            "MissingInSource" => style.Paint(d.Type, ConsoleStyle.Green),
            "DuplicateKey" => style.Paint(d.Type, ConsoleStyle.Magenta),
            _ => style.Paint(d.Type, ConsoleStyle.Yellow),
        };
        yield return $"{type} {style.Paint(d.Key.ToString(), ConsoleStyle.Bold)}{where}";
        switch (d.Type)
        {
            case "MissingInTarget" or "MissingInSource":
                var side = d.Type == "MissingInTarget" ? "source" : "target";
                if (row is null)
                {
                    yield return $"    the row exists only in the {side}";
                    break;
                }

                yield return $"    the row exists only in the {side}:";
                var columnWidth = row.Max(v => v.Column.Length);
                foreach (var (column, value) in row)
                {
                    yield return $"    {column.PadRight(columnWidth)}  {Elide(ValueText.Display(value), context)}";
                }

                break;
            case "DuplicateKey":
                yield return $"    {d.DuplicateCount} rows share this key in the {d.DuplicateSide?.ToLowerInvariant()}; they were not compared";
                break;
        }

        var width = d.Fields.Count == 0 ? 0 : d.Fields.Max(f => f.Column.Length);
        foreach (var field in d.Fields)
        {
            var lines = ValueDiff.Characters(ValueText.Display(field.SourceValue), ValueText.Display(field.TargetValue), context);
            yield return $"    {field.Column.PadRight(width)}  source  {Render(lines.Source, style, ConsoleStyle.RedBackground, "[-", "-]")}";
            yield return $"    {new string(' ', width)}  target  {Render(lines.Target, style, ConsoleStyle.GreenBackground, "{+", "+}")}";
        }
    }

    /// <summary>A long value cut to its start, as a missing row has nothing to compare it with.</summary>
    private static string Elide(string text, int context) =>
        text.Length <= 4 * context + ValueDiff.Ellipsis.Length ? text : text[..(4 * context)] + ValueDiff.Ellipsis;

    private static string Render(IReadOnlyList<TextSegment> segments, ConsoleStyle style, string color, string open, string close) =>
        string.Concat(segments.Select(s => s.Kind switch
        {
            SegmentKind.Changed => style.Enabled ? style.Paint(s.Text, color) : open + s.Text + close,
            SegmentKind.Elided => style.Paint(s.Text, ConsoleStyle.Dim),
            _ => s.Text,
        }));
}
