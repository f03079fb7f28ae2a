using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Store;

/// <summary>The store's reads: jobs with their partition counts (settling abandoned ones), partitions, discrepancies.</summary>
public abstract partial class SqlJobStore
{
    public async Task<JobRecord?> GetJobAsync(long jobId, CancellationToken cancellationToken) =>
        (await ReadJobsAsync("WHERE j.id = @job", cancellationToken, ("@job", jobId)).ConfigureAwait(false)).FirstOrDefault();

    public Task<IReadOnlyList<JobRecord>> GetJobsAsync(CancellationToken cancellationToken) => ReadJobsAsync(string.Empty, cancellationToken);

    private async Task<IReadOnlyList<JobRecord>> ReadJobsAsync(string where, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var jobs = new List<JobRecord>();
        await using (var command = Command(connection, null,
            $"""
            SELECT j.id, j.name, j.status, j.source_json, j.target_json, j.plan_json, j.where_sql, j.range_lower_json, j.range_upper_json,
                   j.options_json, j.started_at, j.completed_at, j.heartbeat_at, j.total_rows, j.processed_rows, j.discrepancies_found,
                   j.stop_requested, j.error, j.warnings, j.owner, j.runs, j.resolved_in_flight
            FROM jobs j {where} ORDER BY j.id
            """, parameters))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var definition = new JobDefinition(reader.GetString(1), StoreJson.ParseEndpoint(reader.GetString(3)),
                    StoreJson.ParseEndpoint(reader.GetString(4)), StoreJson.ParsePlan(reader.GetString(5)), NullableString(reader, 6),
                    new Partitioning.KeyRange(StoreJson.ParseBound(NullableString(reader, 7)), StoreJson.ParseBound(NullableString(reader, 8))),
                    StoreJson.ParseJobOptions(reader.GetString(9)));
                jobs.Add(new JobRecord(reader.GetInt64(0), definition, Enum.Parse<JobStatus>(reader.GetString(2)))
                {
                    StartedAt = ParseTime(NullableString(reader, 10)),
                    CompletedAt = ParseTime(NullableString(reader, 11)),
                    HeartbeatAt = ParseTime(NullableString(reader, 12)),
                    TotalRows = reader.GetInt64(13),
                    ProcessedRows = reader.GetInt64(14),
                    DiscrepanciesFound = reader.GetInt64(15),
                    StopRequested = reader.GetInt64(16) != 0,
                    Error = NullableString(reader, 17),
                    Warnings = StoreJson.ParseWarnings(NullableString(reader, 18)),
                    Owner = NullableString(reader, 19),
                    Runs = reader.GetInt64(20),
                    ResolvedInFlight = reader.GetInt64(21),
                });
            }
        }

        if (jobs.Count == 0)
        {
            return jobs;
        }

        var counts = new Dictionary<long, Dictionary<PartitionStatus, long>>();
        await using (var command = Command(connection, null,
            $"SELECT p.job_id, p.status, COUNT(*) FROM partitions p JOIN jobs j ON j.id = p.job_id {where} GROUP BY p.job_id, p.status", parameters))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var perJob = counts.TryGetValue(reader.GetInt64(0), out var existing) ? existing : counts[reader.GetInt64(0)] = [];
                perJob[Enum.Parse<PartitionStatus>(reader.GetString(1))] = reader.GetInt64(2);
            }
        }

        var settled = new List<JobRecord>(jobs.Count);
        foreach (var job in jobs)
        {
            var withCounts = counts.TryGetValue(job.Id, out var c) ? job with { PartitionCounts = c } : job;
            settled.Add(await AbandonedJobs.SettleAsync(this, withCounts, cancellationToken).ConfigureAwait(false));
        }

        return settled;
    }

    public async Task<IReadOnlyDictionary<DiscrepancyType, long>> GetDiscrepancyCountsAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            "SELECT type, COUNT(*) FROM discrepancies WHERE job_id = @job AND resolved_at IS NULL GROUP BY type", ("@job", jobId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<DiscrepancyType, long>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[Enum.Parse<DiscrepancyType>(reader.GetString(0))] = reader.GetInt64(1);
        }

        return counts;
    }

    public async Task<IReadOnlyList<PartitionRecord>> GetPartitionsAsync(PartitionQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var filters = new List<string> { "job_id = @job" };

        var parameters = new List<(string, object?)> { ("@job", query.JobId) };
        if (query.Statuses.Count > 0)
        {
            filters.Add("status IN (" + string.Join(", ", query.Statuses.Select((s, i) => "@s" + i)) + ")");
            parameters.AddRange(query.Statuses.Select((s, i) => ("@s" + i, (object?)s.ToString())));
        }

        if (query.Depth is { } depth)
        {
            filters.Add("depth = @depth");
            parameters.Add(("@depth", depth));
        }

        if (query.ParentId is { } parent)
        {
            filters.Add("parent_id = @parent");
            parameters.Add(("@parent", parent));
        }

        await using var command = Command(connection, null,
            $"""
            SELECT job_id, id, parent_id, depth, lower_json, upper_json, status, source_rows, target_rows, discrepancies, started_at, completed_at
            FROM partitions WHERE {string.Join(" AND ", filters)} ORDER BY id
            """, parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<PartitionRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new PartitionRecord(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), (int)reader.GetInt64(3),
                new Partitioning.KeyRange(StoreJson.ParseBound(NullableString(reader, 4)), StoreJson.ParseBound(NullableString(reader, 5))),
                Enum.Parse<PartitionStatus>(reader.GetString(6)))
            {
                SourceRows = reader.GetInt64(7),
                TargetRows = reader.GetInt64(8),
                Discrepancies = reader.GetInt64(9),
                StartedAt = ParseTime(NullableString(reader, 10)),
                CompletedAt = ParseTime(NullableString(reader, 11)),
            });
        }

        return result;
    }

    public async IAsyncEnumerable<DiscrepancyRecord> GetDiscrepanciesAsync(DiscrepancyQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var job = await GetJobAsync(query.JobId, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            yield break;
        }

        var plan = job.Definition.Plan;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var filters = new List<string> { "job_id = @job" };
        if (!query.IncludeResolved)
        {
            filters.Add("resolved_at IS NULL");
        }
        var parameters = new List<(string, object?)> { ("@job", query.JobId) };
        if (query.Types.Count > 0)
        {
            filters.Add("type IN (" + string.Join(", ", query.Types.Select((t, i) => "@t" + i)) + ")");
            parameters.AddRange(query.Types.Select((t, i) => ("@t" + i, (object?)t.ToString())));
        }

        if (query.PartitionId is { } partition)
        {
            filters.Add("partition_id = @partition");
            parameters.Add(("@partition", partition));
        }

        var limit = query.First is { } first ? $" LIMIT {first}" : string.Empty;
        await using var command = Command(connection, null,
            $"SELECT id, partition_id, type, key_json, fields_json, duplicate_side, duplicate_count, resolved_at FROM discrepancies WHERE {string.Join(" AND ", filters)} ORDER BY id{limit}",
            parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var discrepancy = new Discrepancy(Enum.Parse<DiscrepancyType>(reader.GetString(2)), StoreJson.ParseKey(reader.GetString(3), plan),
                StoreJson.ParseFields(reader.GetString(4), plan))
            {
                DuplicateSide = reader.IsDBNull(5) ? null : Enum.Parse<Side>(reader.GetString(5)),
                DuplicateCount = reader.IsDBNull(6) ? 0 : (int)reader.GetInt64(6),
            };
            yield return new DiscrepancyRecord(query.JobId, reader.GetInt64(0), reader.GetInt64(1), discrepancy)
            {
                ResolvedAt = ParseTime(NullableString(reader, 7)),
            };
        }
    }

    private static DateTime? ParseTime(string? text) => text is null
        ? null
        : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime();

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
