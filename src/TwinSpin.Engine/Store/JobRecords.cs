using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Runner;

namespace TwinSpin.Engine.Store;

public enum JobStatus
{
    /// <summary>Recorded; the run has not reported yet.</summary>
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}

public enum PartitionStatus
{
    /// <summary>Created, not yet compared.</summary>
    Pending,
    /// <summary>Equal on both sides (by checksum, or by rows when fetched).</summary>
    Matched,
    /// <summary>Checksums differed; split into child partitions.</summary>
    Split,
    /// <summary>Rows fetched and compared; discrepancies found.</summary>
    Mismatched,
    /// <summary>Never finished: the job failed or was cancelled first.</summary>
    Incomplete,
}

/// <summary>What a job was asked to do, as stored (connection strings redacted).</summary>
public sealed record JobDefinition(
    string Name,
    EndpointSpec Source,
    EndpointSpec Target,
    ComparePlan Plan,
    string? Where,
    KeyRange Range,
    JobOptions Options);

public sealed record JobRecord(long Id, JobDefinition Definition, JobStatus Status)
{
    /// <summary>Pending or Running: a process is (or should be) working on it.</summary>
    public bool IsActive => Status is JobStatus.Pending or JobStatus.Running;

    public DateTime? StartedAt { get; init; }
    public DateTime? CompletedAt { get; init; }
    public long TotalRows { get; init; }
    public long ProcessedRows { get; init; }
    public long DiscrepanciesFound { get; init; }
    public bool StopRequested { get; init; }
    public string? Error { get; init; }
    public DateTime? HeartbeatAt { get; init; }

    /// <summary>The process that runs (or last ran) the job: "host:pid:start" (<see cref="ProcessOwner"/>).</summary>
    public string? Owner { get; init; }

    /// <summary>How many times the job has been run: 1, plus one per resume.</summary>
    public long Runs { get; init; } = 1;

    /// <summary>Every warning the run wrote, in order (a column compared on one side only, checksums not trusted, ...).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Discrepancies found by the run that no longer differed when read again (-Recheck): not counted in <see cref="DiscrepanciesFound"/>.</summary>
    public long ResolvedInFlight { get; init; }
    public IReadOnlyDictionary<PartitionStatus, long> PartitionCounts { get; init; } = new Dictionary<PartitionStatus, long>();
}

public sealed record PartitionRecord(long JobId, long Id, long? ParentId, int Depth, KeyRange Range, PartitionStatus Status)
{
    public long SourceRows { get; init; }
    public long TargetRows { get; init; }
    public long Discrepancies { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? CompletedAt { get; init; }
}

public sealed record DiscrepancyRecord(long JobId, long Id, long PartitionId, Discrepancy Discrepancy)
{
    /// <summary>When a recheck found the row no longer differing (a row in flight); null for a discrepancy that stands.</summary>
    public DateTime? ResolvedAt { get; init; }
}

/// <summary>Filters for reading partitions and discrepancies back.</summary>
public sealed record PartitionQuery(long JobId)
{
    public IReadOnlyList<PartitionStatus> Statuses { get; init; } = [];
    public int? Depth { get; init; }
    public long? ParentId { get; init; }
}

public sealed record DiscrepancyQuery(long JobId)
{
    public IReadOnlyList<DiscrepancyType> Types { get; init; } = [];
    public long? PartitionId { get; init; }
    public int? First { get; init; }

    /// <summary>Also the discrepancies a recheck found resolved in flight (left out by default).</summary>
    public bool IncludeResolved { get; init; }
}

/// <summary>One transaction's worth of run results.</summary>
public sealed record StoreBatch(
    long JobId,
    IReadOnlyList<PartitionRecord> Partitions,
    IReadOnlyList<(long PartitionId, Discrepancy Discrepancy)> Discrepancies,
    long TotalRows,
    long ProcessedRows);
