using System.Data.Common;
using System.Globalization;

namespace TwinSpin.Engine.Store;

/// <summary>
/// A job store in a SQL database. The statements are portable between SQLite and PostgreSQL; each
/// subclass opens connections and supplies the schema's DDL. Each call opens its own (pooled)
/// connection, so a store is thread-safe and many processes can share it. This file writes; the reads are in
/// SqlJobStore.Reads.cs.
/// </summary>
public abstract partial class SqlJobStore : IJobStore
{
    protected SqlJobStore(string location)
    {
        Location = location;
    }

    /// <summary>Where the store is, without secrets.</summary>
    public string Location { get; }

    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Versioned migrations in this database's DDL.</summary>
    protected abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>Statements run before migrating: create schema_version if missing, and anything the database needs once per store.</summary>
    protected abstract string MigrationPreamble { get; }

    /// <summary>Run inside the migration transaction first, so two processes never migrate at once.</summary>
    protected virtual string? MigrationLock => null;

    protected async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, MigrationPreamble, cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (MigrationLock is { } lockStatement)
        {
            await ExecuteAsync(connection, transaction, lockStatement, cancellationToken).ConfigureAwait(false);
        }

        var current = Convert.ToInt32(await ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (current > Migrations.Count)
        {
            throw new TwinSpinException(ErrorCode.StoreUnavailable,
                $"The job store '{Location}' has schema version {current}, newer than this TwinSpin knows ({Migrations.Count}). Update TwinSpin.");
        }

        for (var version = current + 1; version <= Migrations.Count; version++)
        {
            await ExecuteAsync(connection, transaction, Migrations[version - 1], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({version})", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> CreateJobAsync(JobDefinition definition, DateTime startedAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var id = await ScalarAsync(connection, null,
            """
            INSERT INTO jobs (name, status, source_json, target_json, plan_json, where_sql, range_lower_json, range_upper_json, options_json, started_at, heartbeat_at, owner)
            VALUES (@name, @status, @source, @target, @plan, @where, @lower, @upper, @options, @started, @started, @owner)
            RETURNING id
            """, cancellationToken,
            ("@name", definition.Name), ("@status", nameof(JobStatus.Pending)),
            ("@source", StoreJson.Endpoint(definition.Source)), ("@target", StoreJson.Endpoint(definition.Target)),
            ("@plan", StoreJson.Plan(definition.Plan)), ("@where", definition.Where),
            ("@lower", StoreJson.Bound(definition.Range.Lower)), ("@upper", StoreJson.Bound(definition.Range.Upper)),
            ("@options", StoreJson.JobOptions(definition.Options)), ("@started", Time(startedAt)), ("@owner", ProcessOwner.Current)).ConfigureAwait(false);
        return Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    public async Task WriteAsync(StoreBatch batch, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText =
                """
                INSERT INTO partitions (job_id, id, parent_id, depth, lower_json, upper_json, status, source_rows, target_rows, discrepancies, started_at, completed_at)
                VALUES (@job, @id, @parent, @depth, @lower, @upper, @status, @src, @tgt, @disc, @started, @completed)
                ON CONFLICT (job_id, id) DO UPDATE SET status = excluded.status, source_rows = excluded.source_rows,
                    target_rows = excluded.target_rows, discrepancies = excluded.discrepancies,
                    started_at = excluded.started_at, completed_at = excluded.completed_at
                """;
            var p = AddParameters(upsert, ("@job", Int), ("@id", Int), ("@parent", Int), ("@depth", Int), ("@lower", Text), ("@upper", Text),
                ("@status", Text), ("@src", Int), ("@tgt", Int), ("@disc", Int), ("@started", Text), ("@completed", Text));
            foreach (var partition in batch.Partitions)
            {
                SetValues(p, batch.JobId, partition.Id, partition.ParentId, partition.Depth, StoreJson.Bound(partition.Range.Lower),
                    StoreJson.Bound(partition.Range.Upper), partition.Status.ToString(), partition.SourceRows, partition.TargetRows,
                    partition.Discrepancies, Time(partition.StartedAt), Time(partition.CompletedAt));
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText =
                """
                INSERT INTO discrepancies (job_id, partition_id, type, key_json, fields_json, duplicate_side, duplicate_count)
                VALUES (@job, @partition, @type, @key, @fields, @side, @count)
                """;
            var p = AddParameters(insert, ("@job", Int), ("@partition", Int), ("@type", Text), ("@key", Text), ("@fields", Text), ("@side", Text), ("@count", Int));
            foreach (var (partitionId, d) in batch.Discrepancies)
            {
                SetValues(p, batch.JobId, partitionId, d.Type.ToString(), StoreJson.Key(d.Key), StoreJson.Fields(d.Fields),
                    d.DuplicateSide?.ToString(), d.DuplicateSide is null ? null : d.DuplicateCount);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await ExecuteAsync(connection, transaction,
            """
            UPDATE jobs SET total_rows = @total, processed_rows = @processed, heartbeat_at = @now,
                status = CASE status WHEN 'Pending' THEN 'Running' ELSE status END,
                discrepancies_found = (SELECT COUNT(*) FROM discrepancies WHERE job_id = @job)
            WHERE id = @job
            """, cancellationToken,
            ("@total", batch.TotalRows), ("@processed", batch.ProcessedRows), ("@now", Time(DateTime.UtcNow)), ("@job", batch.JobId)).ConfigureAwait(false);

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordWarningsAsync(long jobId, IReadOnlyList<string> warnings, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "UPDATE jobs SET warnings = @warnings WHERE id = @job", cancellationToken,
            ("@warnings", StoreJson.Warnings(warnings)), ("@job", jobId)).ConfigureAwait(false);
    }

    public async Task FinishJobAsync(long jobId, JobStatus status, DateTime completedAt, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction,
            "UPDATE jobs SET status = @status, completed_at = @completed, heartbeat_at = @completed, error = @error WHERE id = @job",
            cancellationToken, ("@status", status.ToString()), ("@completed", Time(completedAt)), ("@error", error), ("@job", jobId)).ConfigureAwait(false);
        if (status != JobStatus.Completed)
        {
            // Ranges the run never finished: say so, rather than leave them looking queued.
            await ExecuteAsync(connection, transaction, "UPDATE partitions SET status = @incomplete WHERE job_id = @job AND status = @pending",
                cancellationToken, ("@incomplete", nameof(PartitionStatus.Incomplete)), ("@pending", nameof(PartitionStatus.Pending)), ("@job", jobId)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task MarkResolvedAsync(long jobId, IReadOnlyList<long> discrepancyIds, DateTime resolvedAt, CancellationToken cancellationToken)
    {
        if (discrepancyIds.Count == 0)
        {
            return;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var parameters = discrepancyIds.Select((id, i) => ("@d" + i, (object?)id)).ToList();
        parameters.Add(("@job", jobId));
        parameters.Add(("@at", Time(resolvedAt)));
        var marked = await ExecuteAsync(connection, transaction,
            $"UPDATE discrepancies SET resolved_at = @at WHERE job_id = @job AND resolved_at IS NULL AND id IN ({string.Join(", ", parameters.Take(discrepancyIds.Count).Select(p => p.Item1))})",
            cancellationToken, parameters.ToArray()).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction,
            "UPDATE jobs SET discrepancies_found = discrepancies_found - @n, resolved_in_flight = resolved_in_flight + @n WHERE id = @job",
            cancellationToken, ("@n", (long)marked), ("@job", jobId)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ClaimForResumeAsync(long jobId, long seenRuns, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var claimed = await ExecuteAsync(connection, transaction,
            """
            UPDATE jobs SET status = 'Running', owner = @owner, runs = runs + 1, heartbeat_at = @now, completed_at = NULL, error = NULL, stop_requested = 0
            WHERE id = @job AND runs = @runs AND status NOT IN ('Pending', 'Running', 'Completed')
            """, cancellationToken, ("@owner", ProcessOwner.Current), ("@now", Time(DateTime.UtcNow)), ("@job", jobId), ("@runs", seenRuns)).ConfigureAwait(false);
        if (claimed == 0)
        {
            return false;
        }

        // Ranges never finished are to be done again; a discrepancy is only ever stored with its range's outcome,
        // so none should belong to them, but any that did would be reported twice.
        await ExecuteAsync(connection, transaction,
            "UPDATE partitions SET status = @pending WHERE job_id = @job AND status = @incomplete", cancellationToken,
            ("@pending", nameof(PartitionStatus.Pending)), ("@incomplete", nameof(PartitionStatus.Incomplete)), ("@job", jobId)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction,
            """
            DELETE FROM discrepancies WHERE job_id = @job AND partition_id NOT IN
                (SELECT id FROM partitions WHERE job_id = @job AND status IN ('Matched', 'Mismatched'))
            """, cancellationToken, ("@job", jobId)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> RequestStopAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(connection, null, "UPDATE jobs SET stop_requested = 1 WHERE id = @job", cancellationToken, ("@job", jobId)).ConfigureAwait(false) > 0;
    }

    public async Task<bool> HeartbeatAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var value = await ScalarAsync(connection, null,
            "UPDATE jobs SET heartbeat_at = @now, status = CASE status WHEN 'Pending' THEN 'Running' ELSE status END WHERE id = @job RETURNING stop_requested",
            cancellationToken, ("@now", Time(DateTime.UtcNow)), ("@job", jobId)).ConfigureAwait(false);
        return value is null or DBNull || Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0; // a job removed from the store is stopped too
    }

    public async Task<bool> RemoveJobAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(connection, null, "DELETE FROM jobs WHERE id = @job", cancellationToken, ("@job", jobId)).ConfigureAwait(false) > 0;
    }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static string? Time(DateTime? time) => time?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private const System.Data.DbType Int = System.Data.DbType.Int64;
    private const System.Data.DbType Text = System.Data.DbType.String;

    /// <summary>Parameters reused for every row of a batch, typed by their column so NULLs are accepted everywhere.</summary>
    private static DbParameter[] AddParameters(DbCommand command, params (string Name, System.Data.DbType Type)[] columns) =>
        columns.Select(c =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = c.Name;
            parameter.DbType = c.Type;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();

    private static void SetValues(DbParameter[] parameters, params object?[] values)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
