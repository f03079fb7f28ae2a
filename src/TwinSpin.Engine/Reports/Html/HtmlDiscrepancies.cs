using System.Text;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Views;

namespace TwinSpin.Engine.Reports.Html;

/// <summary>
/// The discrepancy table: one &lt;tbody&gt; per discrepancy (type, key, partition; per differing field the source value
/// above the target value with <see cref="ValueDiff"/>'s differing characters in &lt;del&gt;/&lt;ins&gt;; for a missing
/// row the side that has it). The first <c>inlineLimit</c> go into the page; the rest are only counted, streamed,
/// never held. The counts by type, the filter bar and the limit note are known last, so they are written after the
/// table and placed above it by the stylesheet (flex order).
/// </summary>
internal static class HtmlDiscrepancies
{
    /// <summary>Equal characters kept on each side of a difference; longer equal runs are elided.</summary>
    public const int Context = 40;

    private const int FlushChars = 1 << 15;

    private static readonly DiscrepancyType[] Types = Enum.GetValues<DiscrepancyType>();

    /// <returns>The discrepancies written into the page.</returns>
    public static async Task<long> WriteAsync(ReportInput input, TextWriter writer, int inlineLimit, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var html = new StringBuilder(FlushChars + 4096);
        html.Append("<section id=\"discrepancies\" class=\"order-discrepancies stack\"><h2>Discrepancies</h2>")
            .Append("<div class=\"table-wrap\"><table class=\"diffs\"><thead><tr><th>type</th><th>key</th><th>partition</th>")
            .Append("<th>column</th><th></th><th>value</th></tr></thead>\n");
        var counts = new long[Types.Length];
        long seen = 0, written = 0;
        await foreach (var record in input.Discrepancies(cancellationToken).ConfigureAwait(false))
        {
            counts[(int)record.Discrepancy.Type]++;
            if (++seen % 4096 == 0)
            {
                progress?.Report(seen);
            }

            if (written == inlineLimit)
            {
                continue; // counted only
            }

            written++;
            Group(html, record.PartitionId, record.Discrepancy);
            if (html.Length > FlushChars)
            {
                await writer.WriteAsync(html, cancellationToken).ConfigureAwait(false);
                html.Clear();
            }
        }

        html.Append("</table></div>\n");
        if (seen == 0)
        {
            html.Append("<p class=\"note\">No discrepancies: the two sides matched.</p>");
        }
        else
        {
            Toolbar(html, counts);
            if (written < seen)
            {
                html.Append("<p class=\"note\" id=\"limit-note\">Showing the first ").Count(written).Append(" of ").Count(seen)
                    .Append(" discrepancies; export Csv or Json for all. Counts by type are over all ").Count(seen).Append(".</p>");
            }
        }

        html.Append("</section>\n");
        Counts(html, counts, seen, written);
        await writer.WriteAsync(html, cancellationToken).ConfigureAwait(false);
        progress?.Report(seen);
        return written;
    }

    private static void Group(StringBuilder html, long partitionId, Discrepancy d)
    {
        var rows = Math.Max(1, d.Type == DiscrepancyType.ValueMismatch ? d.Fields.Count * 2 : 1);
        html.Append("<tbody class=\"d\" data-type=\"").Append(d.Type).Append("\"><tr>")
            .Append("<td rowspan=\"").Append(rows).Append("\" class=\"type t-").Append(d.Type).Append("\">").Append(d.Type).Append("</td>")
            .Append("<td rowspan=\"").Append(rows).Append("\" class=\"key\">");
        for (var i = 0; i < d.Key.Count; i++)
        {
            html.Append(i == 0 ? string.Empty : ", ").Text(d.Key[i].Column).Append('=').Text(ValueText.Display(d.Key[i].Value));
        }

        html.Append("</td><td rowspan=\"").Append(rows).Append("\" class=\"part\"><a href=\"#p").Append(partitionId).Append("\">#")
            .Append(partitionId).Append("</a></td>");
        switch (d.Type)
        {
            case DiscrepancyType.MissingInTarget or DiscrepancyType.MissingInSource:
                var inSource = d.Type == DiscrepancyType.MissingInTarget;
                html.Append("<td class=\"col muted\">(row)</td><td class=\"side\"></td><td class=\"val\">")
                    .Append("<span class=\"present\">the row exists only in the ").Append(inSource ? "source" : "target")
                    .Append("</span> <span class=\"absent\">(no row in the ").Append(inSource ? "target" : "source").Append(")</span></td></tr>");
                break;
            case DiscrepancyType.DuplicateKey:
                html.Append("<td class=\"col muted\">(key)</td><td class=\"side\"></td><td class=\"val\">").Append(d.DuplicateCount)
                    .Append(" rows share this key in the ").Append(d.DuplicateSide == Side.Target ? "target" : "source")
                    .Append("; they were not compared</td></tr>");
                break;
            default:
                Fields(html, d.Fields);
                break;
        }

        html.Append("</tbody>\n");
    }

    /// <summary>Each differing field on two rows: the source value, then the target value, differing characters marked.</summary>
    private static void Fields(StringBuilder html, IReadOnlyList<FieldDifference> fields)
    {
        if (fields.Count == 0)
        {
            html.Append("<td class=\"col\"></td><td class=\"side\"></td><td class=\"val\"></td></tr>");
            return;
        }

        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var diff = ValueDiff.Characters(ValueText.Display(field.SourceValue), ValueText.Display(field.TargetValue), Context);
            html.Append(i == 0 ? string.Empty : "<tr>").Append("<td rowspan=\"2\" class=\"col\">").Text(field.Column)
                .Append("</td><td class=\"side\">source</td><td class=\"val src\">");
            Segments(html, diff.Source, "del");
            html.Append("</td></tr><tr><td class=\"side\">target</td><td class=\"val tgt\">");
            Segments(html, diff.Target, "ins");
            html.Append("</td></tr>");
        }
    }

    private static void Segments(StringBuilder html, IReadOnlyList<TextSegment> segments, string changedTag)
    {
        foreach (var segment in segments)
        {
            switch (segment.Kind)
            {
                case SegmentKind.Changed:
                    html.Append('<').Append(changedTag).Append('>').Text(segment.Text).Append("</").Append(changedTag).Append('>');
                    break;
                case SegmentKind.Elided:
                    html.Append("<span class=\"elided\" title=\"equal text left out\">").Text(segment.Text).Append("</span>");
                    break;
                default:
                    html.Text(segment.Text);
                    break;
            }
        }
    }

    /// <summary>The text filter, one checkbox per type that occurs (with its count over all discrepancies), and how many are shown.</summary>
    private static void Toolbar(StringBuilder html, long[] counts)
    {
        html.Append("<div class=\"toolbar\"><input type=\"search\" id=\"filter\" placeholder=\"filter: key, column or value text\" aria-label=\"filter the discrepancies\">");
        foreach (var type in Types.Where(t => counts[(int)t] > 0))
        {
            html.Append("<label><input type=\"checkbox\" class=\"type-filter\" value=\"").Append(type).Append("\" checked> <span class=\"t-")
                .Append(type).Append("\">").Append(type).Append("</span> <span class=\"muted\">(").Count(counts[(int)type]).Append(")</span></label>");
        }

        html.Append("<span id=\"shown\" class=\"muted\"></span></div>");
    }

    /// <summary>Discrepancies by type over all of them (shown under the job summary).</summary>
    private static void Counts(StringBuilder html, long[] counts, long seen, long written)
    {
        html.Append("<section id=\"counts\" class=\"order-counts\"><h2>Discrepancies by type</h2><table class=\"counts\"><tbody>");
        foreach (var type in Types)
        {
            html.Append("<tr data-type=\"").Append(type).Append("\"><td class=\"t-").Append(type).Append("\">").Append(type)
                .Append("</td><td class=\"num\">").Count(counts[(int)type]).Append("</td></tr>");
        }

        html.Append("<tr class=\"total\"><td>total</td><td class=\"num\" id=\"count-total\">").Count(seen).Append("</td></tr></tbody></table>");
        if (written < seen)
        {
            html.Append("<p class=\"muted\">").Count(written).Append(" of them in this page.</p>");
        }

        html.Append("</section>\n");
    }
}
