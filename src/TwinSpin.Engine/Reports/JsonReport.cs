using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Reports;

/// <summary>
/// The JSON report: one document with the job (its configuration without secrets, metrics, warnings), the partition
/// tree as a flat list (each partition names its parent) and every discrepancy, then the counts by type. Written with
/// Utf8JsonWriter and flushed as it goes, so a million discrepancies never sit in memory.
/// Values are written as the job store keeps them (<see cref="StoreJson.Value"/>): exact decimals and timestamps as strings.
/// </summary>
public static class JsonReport
{
    /// <summary>Bumped when a field changes meaning or goes away.</summary>
    public const int FormatVersion = 1;

    private const int FlushBytes = 1 << 16;

    public static async Task<long> WriteAsync(ReportInput input, Stream stream, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        await using var json = new Utf8JsonWriter(stream, options);
        var job = input.Job;
        json.WriteStartObject();
        json.WriteNumber("twinspinReport", FormatVersion);
        json.WriteString("generatedAt", input.GeneratedAt);
        json.WritePropertyName("job");
        WriteJob(json, job);
        json.WriteStartArray("partitions");
        foreach (var partition in input.Partitions)
        {
            WritePartition(json, partition);
            if (json.BytesPending > FlushBytes)
            {
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        json.WriteEndArray();
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long written = 0;
        json.WriteStartArray("discrepancies");
        await foreach (var record in input.Discrepancies(cancellationToken).ConfigureAwait(false))
        {
            WriteDiscrepancy(json, record);
            var type = record.Discrepancy.Type.ToString();
            counts[type] = counts.GetValueOrDefault(type) + 1;
            if (json.BytesPending > FlushBytes)
            {
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                progress?.Report(written + 1);
            }

            written++;
        }

        json.WriteEndArray();
        json.WriteStartObject("counts");
        foreach (var (type, count) in counts)
        {
            json.WriteNumber(type, count);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
        progress?.Report(written);
        return written;
    }

    private static void WriteJob(Utf8JsonWriter json, JobRecord job)
    {
        var definition = job.Definition;
        json.WriteStartObject();
        json.WriteNumber("id", job.Id);
        json.WriteString("name", definition.Name);
        json.WriteString("status", job.Status.ToString());
        json.WritePropertyName("source");
        WriteEndpoint(json, definition.Source);
        json.WritePropertyName("target");
        WriteEndpoint(json, definition.Target);
        WriteNames(json, "keyColumns", definition.Plan.KeyColumns.Select(c => c.Name));
        WriteNames(json, "comparedColumns", definition.Plan.ComparedColumns.Select(c => c.Name));
        WriteOptional(json, "where", definition.Where);
        json.WritePropertyName("range");
        WriteRange(json, definition.Range);
        json.WritePropertyName("options");
        JsonNode.Parse(StoreJson.JobOptions(definition.Options))!.WriteTo(json);
        WriteOptional(json, "startedAt", job.StartedAt);
        WriteOptional(json, "completedAt", job.CompletedAt);
        json.WriteNumber("totalRows", job.TotalRows);
        json.WriteNumber("processedRows", job.ProcessedRows);
        json.WriteNumber("discrepancies", job.DiscrepanciesFound);
        json.WriteNumber("resolvedInFlight", job.ResolvedInFlight);
        json.WriteNumber("runs", job.Runs);
        WriteOptional(json, "error", job.Error);
        WriteNames(json, "warnings", job.Warnings);
        json.WriteStartObject("partitionCounts");
        foreach (var (status, count) in job.PartitionCounts.OrderBy(c => c.Key))
        {
            json.WriteNumber(status.ToString(), count);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The connection string as every TwinSpin output shows it: secrets redacted.</summary>
    private static void WriteEndpoint(Utf8JsonWriter json, EndpointSpec spec)
    {
        json.WriteStartObject();
        json.WriteString("provider", spec.Provider.ToString());
        json.WriteString("table", spec.Table);
        json.WriteString("connection", spec.RedactedConnectionString);
        WriteOptional(json, "where", spec.Where);
        WriteOptional(json, "dialect", spec.Dialect);
        json.WriteEndObject();
    }

    private static void WritePartition(Utf8JsonWriter json, PartitionRecord partition)
    {
        json.WriteStartObject();
        json.WriteNumber("id", partition.Id);
        if (partition.ParentId is { } parent)
        {
            json.WriteNumber("parentId", parent);
        }
        else
        {
            json.WriteNull("parentId");
        }

        json.WriteNumber("depth", partition.Depth);
        json.WritePropertyName("range");
        WriteRange(json, partition.Range);
        json.WriteString("status", partition.Status.ToString());
        json.WriteNumber("sourceRows", partition.SourceRows);
        json.WriteNumber("targetRows", partition.TargetRows);
        json.WriteNumber("discrepancies", partition.Discrepancies);
        json.WriteEndObject();
    }

    private static void WriteDiscrepancy(Utf8JsonWriter json, DiscrepancyRecord record)
    {
        var discrepancy = record.Discrepancy;
        json.WriteStartObject();
        json.WriteNumber("id", record.Id);
        json.WriteNumber("partitionId", record.PartitionId);
        json.WriteString("type", discrepancy.Type.ToString());
        json.WriteStartObject("key");
        foreach (var part in discrepancy.Key)
        {
            json.WritePropertyName(part.Column);
            WriteValue(json, StoreJson.Value(part.Type, part.Value));
        }

        json.WriteEndObject();
        json.WriteStartArray("fields");
        foreach (var field in discrepancy.Fields)
        {
            json.WriteStartObject();
            json.WriteString("column", field.Column);
            json.WritePropertyName("source");
            WriteValue(json, StoreJson.Value(field.Type, field.SourceValue));
            json.WritePropertyName("target");
            WriteValue(json, StoreJson.Value(field.Type, field.TargetValue));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (discrepancy.DuplicateSide is { } side)
        {
            json.WriteString("duplicateSide", side.ToString());
            json.WriteNumber("duplicateCount", discrepancy.DuplicateCount);
        }

        json.WriteEndObject();
    }

    /// <summary>A range as [lower, upper) bounds, each an array of key values or null for unbounded.</summary>
    private static void WriteRange(Utf8JsonWriter json, KeyRange range)
    {
        json.WriteStartObject();
        json.WritePropertyName("lower");
        WriteValue(json, StoreJson.Bound(range.Lower) is { } lower ? JsonNode.Parse(lower) : null);
        json.WritePropertyName("upper");
        WriteValue(json, StoreJson.Bound(range.Upper) is { } upper ? JsonNode.Parse(upper) : null);
        json.WriteString("text", range.ToString());
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, JsonNode? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            value.WriteTo(json);
        }
    }

    private static void WriteNames(Utf8JsonWriter json, string property, IEnumerable<string> names)
    {
        json.WriteStartArray(property);
        foreach (var name in names)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter json, string property, string? value)
    {
        if (value is not null)
        {
            json.WriteString(property, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter json, string property, DateTime? value)
    {
        if (value is { } time)
        {
            json.WriteString(property, time);
        }
    }
}
