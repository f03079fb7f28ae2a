using System.Text;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Reports;

/// <summary>What to write: the format, the file, and the options of the formats that have them.</summary>
public sealed record ReportRequest(ReportFormat Format, string Path)
{
    /// <summary>CSV only; the default (UTF-8 with a byte order mark) is what Excel needs to read UTF-8.</summary>
    public Encoding CsvEncoding { get; init; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public char CsvDelimiter { get; init; } = ',';

    /// <summary>HTML only: discrepancies shown in the page at most; the rest are counted, so a browser never hangs.</summary>
    public int HtmlInlineLimit { get; init; } = HtmlReport.DefaultInlineLimit;
}

public sealed record ReportResult(string Path, ReportFormat Format, long Discrepancies);

/// <summary>Writes a job's report to a file, whole or not at all (<see cref="WholeFile"/>).</summary>
public static class ReportExport
{
    public static async Task<ReportResult?> WriteAsync(IJobStore store, long jobId, ReportRequest request, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var job = await store.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return null;
        }

        var input = await ReportInput.ReadAsync(store, job, cancellationToken).ConfigureAwait(false);
        var path = System.IO.Path.GetFullPath(request.Path);
        var written = await WholeFile.WriteAsync(path, stream => WriteAsync(input, request, stream, progress, cancellationToken)).ConfigureAwait(false);
        return new ReportResult(path, request.Format, written);
    }

    private static async Task<long> WriteAsync(ReportInput input, ReportRequest request, Stream stream, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        switch (request.Format)
        {
            case ReportFormat.Json:
                return await JsonReport.WriteAsync(input, stream, progress, cancellationToken).ConfigureAwait(false);
            case ReportFormat.Csv:
            {
                await using var writer = new StreamWriter(stream, request.CsvEncoding, bufferSize: 1 << 16, leaveOpen: true);
                return await CsvReport.WriteAsync(input, writer, request.CsvDelimiter, progress, cancellationToken).ConfigureAwait(false);
            }
            default:
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true);
                return await HtmlReport.WriteAsync(input, writer, request.HtmlInlineLimit, progress, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
