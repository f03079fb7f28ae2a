using System.Data.Common;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Repair;

/// <summary>What a repair applied did, and what still differs among the rows it touched.</summary>
public sealed record RepairOutcome(RepairCounts Counts, IReadOnlyList<Discrepancy> Remaining, IReadOnlyList<RepairStatement> Skipped);

/// <summary>
/// Applies a repair through the repaired database's connection: the session statements, then the statements in
/// batches, each batch one transaction (a failure rolls back its batch and says how many were committed before).
/// Then every repaired key is read again from both sides and diffed under the job's plan: the re-check.
/// </summary>
public static class RepairRunner
{
    /// <summary>Skipped rows kept with their reasons in the outcome, at most (the counts have them all).</summary>
    private const int SkippedKept = 1000;

    public static async Task<RepairOutcome> ApplyAsync(RepairPlan plan, JobRecord job, ResumeEndpoints endpoints, IJobStore store, int batchSize,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var connection = plan.Connection;
        foreach (var sql in plan.Dialect.Literals.SessionStatements)
        {
            await ExecuteAsync(connection, null, sql, cancellationToken).ConfigureAwait(false);
        }

        var batch = new List<RepairStatement>(batchSize);
        var repairedKeys = new List<object[]>();
        var skipped = new List<RepairStatement>();
        var counts = RepairCounts.None;
        long committed = 0;
        await foreach (var statement in plan.StatementsAsync(store, cancellationToken).ConfigureAwait(false))
        {
            if (statement.Action == RepairAction.Skip)
            {
                counts = counts.Add(RepairCounts.Of([statement]));
                if (skipped.Count < SkippedKept)
                {
                    skipped.Add(statement);
                }

                continue;
            }

            batch.Add(statement);
            repairedKeys.Add(statement.Key.Select(v => v!).ToArray());
            if (batch.Count == batchSize)
            {
                committed += await CommitAsync(connection, batch, committed, cancellationToken).ConfigureAwait(false);
                counts = counts.Add(RepairCounts.Of(batch));
                batch.Clear();
                progress?.Report(committed);
            }
        }

        committed += await CommitAsync(connection, batch, committed, cancellationToken).ConfigureAwait(false);
        counts = counts.Add(RepairCounts.Of(batch));
        progress?.Report(committed);
        var remaining = await RecheckAsync(job, endpoints, repairedKeys, cancellationToken).ConfigureAwait(false);
        return new RepairOutcome(counts, remaining, skipped);
    }

    private static async Task<long> CommitAsync(DbConnection connection, List<RepairStatement> batch, long committedBefore, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var statement in batch)
        {
            try
            {
                await ExecuteAsync(connection, transaction, statement.Sql, cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e)
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                throw new TwinSpinException(ErrorCode.QueryFailed,
                    $"The repair of {statement.Label} failed: {e.Message} {committedBefore:N0} statements were committed before; " +
                    $"the {batch.Count:N0} of this batch were rolled back.", e) { Target = statement.Label };
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return batch.Count;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The repaired keys read from both sides now and diffed as the job diffs: what still differs.</summary>
    private static async Task<IReadOnlyList<Discrepancy>> RecheckAsync(JobRecord job, ResumeEndpoints endpoints, List<object[]> keys, CancellationToken cancellationToken)
    {
        var definition = job.Definition;
        return await KeyRecheck.DiffAsync(endpoints.Restore(definition.Source, Side.Source, job.Id), endpoints.Restore(definition.Target, Side.Target, job.Id),
            definition.Plan, definition.Where, keys, cancellationToken).ConfigureAwait(false);
    }
}
