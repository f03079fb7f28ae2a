namespace TwinSpin.Engine.Reports;

// PLACEHOLDER, replaced by the html-report branch before anything lands.
public static class HtmlReport
{
    public const int DefaultInlineLimit = 5000;

    public static Task<long> WriteAsync(ReportInput input, TextWriter writer, int inlineLimit, IProgress<long>? progress, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
