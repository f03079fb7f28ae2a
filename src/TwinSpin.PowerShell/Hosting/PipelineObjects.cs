using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using EngineDiscrepancy = TwinSpin.Engine.Diffing.Discrepancy;

namespace TwinSpin.Hosting;

/// <summary>Translates engine records into the pipeline types of this assembly, and back.</summary>
internal static class PipelineObjects
{
    public static Job ToJob(JobRecord record, string store)
    {
        long Count(PartitionStatus status) => record.PartitionCounts.TryGetValue(status, out var n) ? n : 0;
        var definition = record.Definition;
        var progress = RunProgress.Of(record, DateTime.UtcNow);
        var completed = record.Status == JobStatus.Completed;
        var running = record.Status is JobStatus.Running or JobStatus.Pending;
        return new Job
        {
            Id = record.Id,
            Name = definition.Name,
            Status = record.Status.ToString(),
            Source = definition.Source.ToString(),
            Target = definition.Target.ToString(),
            KeyColumns = definition.Plan.KeyColumns.Select(c => c.Name).ToArray(),
            Columns = definition.Plan.ComparedColumns.Select(c => c.Name).ToArray(),
            Strategy = definition.Options.Strategy.ToString(),
            StartedAt = record.StartedAt,
            CompletedAt = record.CompletedAt,
            TotalRows = record.TotalRows,
            ProcessedRows = record.ProcessedRows,
            DiscrepanciesFound = record.DiscrepanciesFound,
            PercentComplete = completed ? 100 : record.TotalRows > 0 ? Math.Round(Math.Min(100.0, 100.0 * record.ProcessedRows / record.TotalRows), 1) : 0,
            RowsPerSecond = Math.Round(progress.RowsPerSecond),
            Remaining = running ? progress.Remaining : null,
            PartitionsMatched = Count(PartitionStatus.Matched),
            PartitionsMismatched = Count(PartitionStatus.Mismatched),
            PartitionsSplit = Count(PartitionStatus.Split),
            PartitionsPending = Count(PartitionStatus.Pending),
            PartitionsIncomplete = Count(PartitionStatus.Incomplete),
            StopRequested = record.StopRequested,
            Runs = record.Runs,
            ResolvedInFlight = record.ResolvedInFlight,
            Error = record.Error,
            Warnings = record.Warnings.ToArray(),
            Store = store,
        };
    }

    public static JobSummary ToSummary(IReadOnlyList<JobRecord> jobs, string store)
    {
        int Count(JobStatus status) => jobs.Count(j => j.Status == status);
        return new JobSummary
        {
            Jobs = jobs.Count,
            Pending = Count(JobStatus.Pending),
            Running = Count(JobStatus.Running),
            Completed = Count(JobStatus.Completed),
            Failed = Count(JobStatus.Failed),
            Cancelled = Count(JobStatus.Cancelled),
            InSync = jobs.Count(j => j.Status == JobStatus.Completed && j.DiscrepanciesFound == 0),
            Discrepancies = jobs.Sum(j => j.DiscrepanciesFound),
            RowsCompared = jobs.Sum(j => j.ProcessedRows),
            LastStartedAt = jobs.Max(j => j.StartedAt),
            Store = store,
        };
    }

    public static Partition ToPartition(PartitionRecord record, string store) => new()
    {
        JobId = record.JobId,
        Id = record.Id,
        ParentId = record.ParentId,
        Depth = record.Depth,
        LowerBound = record.Range.Lower?.Values.ToArray(),
        UpperBound = record.Range.Upper?.Values.ToArray(),
        Range = record.Range.ToString(),
        Status = record.Status.ToString(),
        SourceRows = record.SourceRows,
        TargetRows = record.TargetRows,
        Discrepancies = record.Discrepancies,
        StartedAt = record.StartedAt,
        CompletedAt = record.CompletedAt,
        Store = store,
    };

    public static Discrepancy ToDiscrepancy(EngineDiscrepancy discrepancy, long? jobId, long? partitionId, string? store = null, DateTime? resolvedAt = null)
    {
        var key = new DiscrepancyKey();
        foreach (var part in discrepancy.Key)
        {
            key.Add(part.Column, part.Value);
        }

        var fields = new FieldDifferenceList();
        fields.AddRange(discrepancy.Fields.Select(f => new FieldDifference { Column = f.Column, SourceValue = f.SourceValue, TargetValue = f.TargetValue }));
        return new Discrepancy
        {
            JobId = jobId,
            PartitionId = partitionId,
            Type = discrepancy.Type.ToString(),
            Key = key,
            Fields = fields,
            DuplicateSide = discrepancy.DuplicateSide?.ToString(),
            DuplicateCount = discrepancy.DuplicateSide is null ? null : discrepancy.DuplicateCount,
            Store = store,
            ResolvedAt = resolvedAt,
        };
    }

    public static EndpointTest ToEndpointTest(EndpointCheckReport report, Endpoint endpoint) => new()
    {
        Endpoint = endpoint,
        Connected = report.Connected,
        TableFound = report.TableFound,
        Table = report.Table,
        Columns = report.Columns.Select(c => c.Name).ToArray(),
        KeyColumns = report.Plan?.KeyColumns.Select(c => c.Name).ToArray() ?? [],
        ComparedColumns = report.Plan?.ComparedColumns.Select(c => c.Name).ToArray() ?? [],
        KeyUnique = report.KeyUnique,
        KeyUniqueDeclared = report.KeyUniqueDeclared,
        NullKeys = report.NullKeys,
        // An empty sample checks nothing: saying Passed would promise what was not seen.
        HashContract = report.HashContract is { } contract && (contract.RowsChecked > 0 || contract.Verdict == ContractVerdict.NotSupported)
            ? contract.Verdict.ToString()
            : "NotChecked",
        HashMismatches = report.HashContract?.Disagreements.Select(d => new HashMismatch
        {
            Column = d.Column ?? "(row)",
            Type = d.Type?.ToString(),
            Key = d.KeyText,
            Rows = d.Rows,
            SqlText = d.SqlText,
            EngineText = d.EngineText,
        }).ToArray() ?? [],
        UnverifiedColumns = report.HashContract?.ColumnsWithoutValues.ToArray() ?? [],
        SampledRows = report.SampledRows,
        RowEstimate = report.RowEstimate,
        Duration = report.Duration,
        Problems = report.Problems.ToArray(),
    };

    public static EndpointSpec ToSpec(Endpoint endpoint) =>
        new(Enum.Parse<ProviderKind>(endpoint.Provider.ToString()), endpoint.RawConnectionString, endpoint.Table, endpoint.Where)
        {
            Dialect = endpoint.Dialect,
            DriverPath = endpoint.DriverPath,
        };

    public static Endpoint ToEndpoint(EndpointSpec spec) =>
        new(Enum.Parse<Provider>(spec.Provider.ToString()), spec.ConnectionString, spec.RedactedConnectionString, spec.Table, spec.Where,
            spec.Dialect, spec.DriverPath);

    /// <summary>Key values typed on the command line or bound from a partition, as a range bound.</summary>
    public static KeyBound? ToBound(object[]? values) =>
        values is null || values.Length == 0 ? null : new KeyBound(values.Select(Unwrap).ToList());

    private static object Unwrap(object value) => value is System.Management.Automation.PSObject ps ? ps.BaseObject : value;
}
