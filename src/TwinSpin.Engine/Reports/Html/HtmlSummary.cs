using System.Text;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Reports.Html;

/// <summary>The job at the top of the page: what was compared (endpoints with secrets redacted), how it went, its warnings.</summary>
internal static class HtmlSummary
{
    public static string Section(ReportInput input)
    {
        var job = input.Job;
        var definition = job.Definition;
        var html = new StringBuilder(4096);
        html.Append("<section id=\"summary\" class=\"order-summary\"><h2>Job</h2><dl class=\"facts\">");
        Fact(html, "Job", "#" + job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Fact(html, "Name", definition.Name);
        html.Append("<dt>Status</dt><dd><span class=\"s-").Append(job.Status).Append("\">").Append(job.Status).Append("</span></dd>");
        Endpoint(html, "Source", definition.Source);
        Endpoint(html, "Target", definition.Target);
        Fact(html, "Key", string.Join(", ", definition.Plan.KeyColumns.Select(c => c.Name)));
        Fact(html, "Compared", string.Join(", ", definition.Plan.ComparedColumns.Select(c => c.Name)));
        if (definition.Where is { } where)
        {
            Fact(html, "Where", where);
        }

        if (definition.Range.Lower is not null || definition.Range.Upper is not null)
        {
            Fact(html, "Range", definition.Range.ToString());
        }

        Fact(html, "Rows", (job.ProcessedRows == job.TotalRows
            ? HtmlText.Number(job.TotalRows)
            : $"{HtmlText.Number(job.ProcessedRows)} of {HtmlText.Number(job.TotalRows)} compared") + " (both sides)");
        html.Append("<dt>Discrepancies</dt><dd><span id=\"total-found\"").Append(job.DiscrepanciesFound > 0 ? " class=\"error\"" : string.Empty)
            .Append('>').Count(job.DiscrepanciesFound).Append("</span> <span class=\"muted\">(by type below)</span></dd>");
        Partitions(html, input.Partitions);
        if (job.StartedAt is { } started)
        {
            Fact(html, "Started", HtmlText.Time(started));
        }

        if (job.CompletedAt is { } completed)
        {
            Fact(html, "Completed", HtmlText.Time(completed));
            if (job.StartedAt is { } from)
            {
                Fact(html, "Duration", HtmlText.Duration(completed - from));
            }
        }

        if (job.Runs > 1)
        {
            Fact(html, "Runs", HtmlText.Number(job.Runs) + " (resumed)");
        }

        if (job.Error is { } error)
        {
            html.Append("<dt>Error</dt><dd class=\"error\">").Text(error).Append("</dd>");
        }

        html.Append("<dt>Warnings</dt><dd>");
        if (job.Warnings.Count == 0)
        {
            html.Append("<span class=\"muted\">none</span>");
        }
        else
        {
            html.Append("<ul class=\"warnings\">");
            foreach (var warning in job.Warnings)
            {
                html.Append("<li>").Text(warning).Append("</li>");
            }

            html.Append("</ul>");
        }

        html.Append("</dd>");
        Fact(html, "Report made", HtmlText.Time(input.GeneratedAt));
        html.Append("</dl></section>\n");
        return html.ToString();
    }

    /// <summary>Provider:table, then the connection string as every TwinSpin output shows it: secrets redacted.</summary>
    private static void Endpoint(StringBuilder html, string label, EndpointSpec spec)
    {
        html.Append("<dt>").Append(label).Append("</dt><dd>").Text($"{spec.Provider}:{spec.Table}")
            .Append(" <span class=\"muted\">").Text(spec.RedactedConnectionString).Append("</span>");
        if (spec.Where is { } where)
        {
            html.Append(" <span class=\"muted\">where</span> ").Text(where);
        }

        html.Append("</dd>");
    }

    /// <summary>Partitions by status, counted from the partitions themselves.</summary>
    private static void Partitions(StringBuilder html, IReadOnlyList<PartitionRecord> partitions)
    {
        html.Append("<dt>Partitions</dt><dd>").Count(partitions.Count);
        var byStatus = partitions.GroupBy(p => p.Status).OrderBy(g => g.Key).ToList();
        if (byStatus.Count > 0)
        {
            html.Append(": ");
            html.AppendJoin(", ", byStatus.Select(g => $"<span class=\"s-{g.Key}\">{HtmlText.Number(g.LongCount())} {g.Key}</span>"));
        }

        html.Append("</dd>");
    }

    private static void Fact(StringBuilder html, string label, string value) =>
        html.Append("<dt>").Append(label).Append("</dt><dd>").Text(value).Append("</dd>");
}
