using System.Globalization;
using System.Management.Automation;
using System.Text;
using TwinSpin.Engine;
using TwinSpin.Engine.Reports;
using TwinSpin.Engine.Store;
using TwinSpin.Hosting;
using EngineError = TwinSpin.Engine.TwinSpinException;

namespace TwinSpin.Commands;

/// <summary>Writes a job's report to a file: flat CSV, one JSON document, or a self-contained HTML page.</summary>
[Cmdlet(VerbsData.Export, "TwinSpinReport", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportTwinSpinReportCommand : JobCmdlet
{
    /// <summary>The report file. Binds by property name only so that a script block (-Path { "job-$($_.Id).html" })
    /// gives each piped job its own file.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public string Path { get; set; } = string.Empty;

    /// <summary>Csv, Json or Html; by default taken from the file's extension.</summary>
    [Parameter]
    [ValidateSet("Csv", "Json", "Html", IgnoreCase = true)]
    public string? Format { get; set; }

    /// <summary>CSV only: Utf8BOM (default, what Excel needs to read UTF-8), Utf8NoBOM or Unicode (UTF-16 LE).</summary>
    [Parameter]
    [ValidateSet("Utf8BOM", "Utf8NoBOM", "Unicode", IgnoreCase = true)]
    public string Encoding { get; set; } = "Utf8BOM";

    /// <summary>CSV only: the field separator (a semicolon for Excel in locales whose decimal separator is a comma).</summary>
    [Parameter]
    public char Delimiter { get; set; } = ',';

    /// <summary>HTML only: discrepancies shown in the page at most; all are counted.</summary>
    [Parameter]
    [ValidateRange(0, 1_000_000)]
    public int HtmlLimit { get; set; } = HtmlReport.DefaultInlineLimit;

    /// <summary>Do not overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Write the report file (FileInfo) to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Files written in this pipeline, by job: a second job must not overwrite the first one's report.</summary>
    private readonly Dictionary<string, long> _written = new(StringComparer.Ordinal);

    protected override void ProcessRecord() => ForEachJob(job =>
    {
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        var format = FormatFor(path);
        if (_written.TryGetValue(path, out var earlier) && earlier != job.Id)
        {
            throw new EngineError(ErrorCode.InvalidArgument,
                $"Job {job.Id} would overwrite the report of job {earlier} in '{path}'. Give each job its own file, for example -Path {{ \"job-$($_.Id).{format.ToString().ToLowerInvariant()}\" }}.")
            { Target = path };
        }

        if (NoClobber && File.Exists(path))
        {
            throw new EngineError(ErrorCode.ReportWriteFailed, $"The file '{path}' exists, and -NoClobber was given.") { Target = path };
        }

        if (!ShouldProcess(path, $"Write the {format} report of job {job.Id} ({job.DiscrepanciesFound:N0} discrepancies)"))
        {
            return;
        }

        var request = new ReportRequest(format, path) { CsvEncoding = EncodingFor(Encoding), CsvDelimiter = Delimiter, HtmlInlineLimit = HtmlLimit };
        var result = Export(job, request);
        _written[path] = job.Id;
        WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Wrote {0:N0} discrepancies of job {1} to '{2}'.", result.Discrepancies, job.Id, result.Path));
        if (PassThru)
        {
            WriteObject(new FileInfo(result.Path));
        }
    });

    private ReportResult Export(JobRecord job, ReportRequest request)
    {
        var location = StoreLocation;
        var activity = $"Exporting job {job.Id} to {System.IO.Path.GetFileName(request.Path)}";
        try
        {
            return RunEngine(async (pump, token) =>
            {
                var progress = new CountProgress(this, pump, 1, activity, "discrepancies", job.DiscrepanciesFound);
                await using var store = await JobStores.OpenAsync(location, JobStores.IsExplicit(Store), token).ConfigureAwait(false);
                return await ReportExport.WriteAsync(store, job.Id, request, progress, token).ConfigureAwait(false)
                    ?? throw new EngineError(ErrorCode.JobNotFound, $"Job {job.Id} does not exist in the store '{StoreDisplay}'.") { Target = job.Id };
            });
        }
        finally
        {
            CountProgress.Complete(this, 1, activity);
        }
    }

    private ReportFormat FormatFor(string path)
    {
        if (Format is not null)
        {
            return Enum.Parse<ReportFormat>(Format, ignoreCase: true);
        }

        return System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => ReportFormat.Csv,
            ".json" => ReportFormat.Json,
            ".html" or ".htm" => ReportFormat.Html,
            _ => throw new EngineError(ErrorCode.InvalidArgument,
                $"Which format is '{System.IO.Path.GetFileName(path)}'? Name the file .csv, .json or .html, or pass -Format Csv|Json|Html.") { Target = path },
        };
    }

    private static Encoding EncodingFor(string name) => name.ToLowerInvariant() switch
    {
        "utf8nobom" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        "unicode" => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
        _ => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
    };
}
