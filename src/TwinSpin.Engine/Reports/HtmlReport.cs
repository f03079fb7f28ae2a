using TwinSpin.Engine.Reports.Html;

namespace TwinSpin.Engine.Reports;

/// <summary>
/// The HTML report: one self-contained page (inline stylesheet and script, nothing fetched, a Content-Security-Policy
/// that allows only those two) in a dark terminal-like theme. The job summary with its endpoints (secrets redacted),
/// metrics and warnings; discrepancies counted by type; the partition tree with expand/collapse; the discrepancy table
/// with the differing characters of each field marked, a filter box and type checkboxes. Written as it goes: a big job
/// never sits in memory, and at most <c>inlineLimit</c> discrepancies (and <see cref="DefaultTreeLineLimit"/> tree lines)
/// go into the page, so a browser opens it; the rest are counted and a note says so.
/// </summary>
public static class HtmlReport
{
    public const int DefaultInlineLimit = 5000;

    /// <summary>Tree lines drawn at most (after matched runs are rolled up).</summary>
    public const int DefaultTreeLineLimit = 20_000;

    /// <returns>The discrepancies written into the page (at most <paramref name="inlineLimit"/>; all of them are counted).</returns>
    public static Task<long> WriteAsync(ReportInput input, TextWriter writer, int inlineLimit, IProgress<long>? progress, CancellationToken cancellationToken) =>
        WriteAsync(input, writer, inlineLimit, DefaultTreeLineLimit, progress, cancellationToken);

    internal static async Task<long> WriteAsync(ReportInput input, TextWriter writer, int inlineLimit, int treeLineLimit,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inlineLimit);
        ArgumentOutOfRangeException.ThrowIfNegative(treeLineLimit);
        var job = input.Job;
        var title = $"TwinSpin job #{job.Id} {job.Definition.Name}";
        var head = new System.Text.StringBuilder(HtmlAssets.Css.Length + 1024);
        head.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(HtmlAssets.ContentSecurityPolicy).Append("\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"generator\" content=\"TwinSpin\"><title>").Text(title).Append("</title>\n<style>")
            .Append(HtmlAssets.Css).Append("</style></head>\n<body><header><h1>").Text(title).Append(" <span class=\"s-")
            .Append(job.Status).Append("\">").Append(job.Status).Append("</span></h1></header>\n<main>\n");
        await writer.WriteAsync(head, cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(HtmlSummary.Section(input).AsMemory(), cancellationToken).ConfigureAwait(false);
        await HtmlTree.WriteAsync(writer, input.Partitions, treeLineLimit, cancellationToken).ConfigureAwait(false);
        var written = await HtmlDiscrepancies.WriteAsync(input, writer, inlineLimit, progress, cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(("</main>\n<script>" + HtmlAssets.Script + "</script>\n</body></html>\n").AsMemory(), cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }
}
