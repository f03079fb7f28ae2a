using System.Globalization;
using CsvHelper;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Views;

namespace TwinSpin.Engine.Reports;

/// <summary>
/// The flat CSV report: JobId, Type, each key column under its own name, Column, SourceValue, TargetValue; one row
/// per differing field, one row per missing row (Column and values empty) and per duplicated key (the count of rows
/// sharing it on the side that holds them). Values are plain: text unquoted, NULL an empty cell.
/// </summary>
public static class CsvReport
{
    private static readonly string[] FixedColumns = ["JobId", "Type", "Column", "SourceValue", "TargetValue"];

    /// <summary>Writes the report; returns the discrepancies written. <paramref name="progress"/> hears the count as it grows.</summary>
    public static async Task<long> WriteAsync(ReportInput input, TextWriter writer, char delimiter, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        // Values with leading or trailing spaces are quoted: Import-Csv and other readers trim them otherwise.
        var options = new CsvWriterOptions { Separator = delimiter, Quoting = CsvQuoting.WhenNeededOrWhitespace };
        await using var csv = CsvWriter.Create(writer, options, leaveOpen: true);
        var jobId = input.Job.Id.ToString(CultureInfo.InvariantCulture);
        var keyColumns = input.Job.Definition.Plan.KeyColumns.Select(c => c.Name).ToList();
        WriteHeader(csv, keyColumns);
        long written = 0;
        await foreach (var record in input.Discrepancies(cancellationToken).ConfigureAwait(false))
        {
            foreach (var (column, source, target) in Cells(record.Discrepancy))
            {
                csv.WriteField(jobId);
                csv.WriteField(record.Discrepancy.Type.ToString());
                foreach (var part in record.Discrepancy.Key)
                {
                    csv.WriteField(ValueText.Plain(part.Value));
                }

                csv.WriteField(column);
                csv.WriteField(source);
                csv.WriteField(target);
                await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
            }

            if (++written % 4096 == 0)
            {
                progress?.Report(written);
            }
        }

        await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
        progress?.Report(written);
        return written;
    }

    /// <summary>Key columns keep their names unless one is a fixed column's; that one becomes "Key.name".</summary>
    private static void WriteHeader(CsvWriter csv, IReadOnlyList<string> keyColumns)
    {
        csv.WriteField("JobId");
        csv.WriteField("Type");
        foreach (var name in keyColumns)
        {
            csv.WriteField(FixedColumns.Contains(name, StringComparer.OrdinalIgnoreCase) ? "Key." + name : name);
        }

        csv.WriteField("Column");
        csv.WriteField("SourceValue");
        csv.WriteField("TargetValue");
        csv.EndRecord();
    }

    private static IEnumerable<(string Column, string Source, string Target)> Cells(Discrepancy discrepancy)
    {
        if (discrepancy.Type == DiscrepancyType.DuplicateKey)
        {
            var rows = discrepancy.DuplicateCount.ToString(CultureInfo.InvariantCulture) + " rows";
            yield return (string.Empty, discrepancy.DuplicateSide == Endpoints.Side.Source ? rows : string.Empty,
                discrepancy.DuplicateSide == Endpoints.Side.Target ? rows : string.Empty);
            yield break;
        }

        if (discrepancy.Fields.Count == 0)
        {
            yield return (string.Empty, string.Empty, string.Empty);
            yield break;
        }

        foreach (var field in discrepancy.Fields)
        {
            yield return (field.Column, ValueText.Plain(field.SourceValue), ValueText.Plain(field.TargetValue));
        }
    }
}
