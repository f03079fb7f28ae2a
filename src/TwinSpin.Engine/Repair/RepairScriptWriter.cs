using System.Globalization;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Repair;

/// <summary>
/// Writes a repair as a SQL script for the repaired database's own client (sqlite3, psql, mariadb, db2 -tvf,
/// SQL*Plus): a header saying the job, the time and the counts, the client's settings and the session's, then the
/// statements in batches, each batch one transaction. Skipped rows are comments saying why. The counts are known
/// only at the end, so the header is written last, before the body, through a second temporary file.
/// </summary>
public static class RepairScriptWriter
{
    public static async Task<RepairCounts> WriteAsync(RepairPlan plan, JobRecord job, IJobStore store, TextWriter output, int batchSize,
        DateTime generatedAt, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var body = Path.GetTempFileName();
        try
        {
            RepairCounts counts;
            await using (var writer = new StreamWriter(body, append: false, new System.Text.UTF8Encoding(false), 1 << 16))
            {
                counts = await WriteBodyAsync(plan, store, writer, batchSize, progress, cancellationToken).ConfigureAwait(false);
            }

            await WriteHeaderAsync(plan, job, output, counts, generatedAt).ConfigureAwait(false);
            using var reader = new StreamReader(body);
            var buffer = new char[1 << 16];
            int read;
            while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            return counts;
        }
        finally
        {
            File.Delete(body);
        }
    }

    private static async Task<RepairCounts> WriteBodyAsync(RepairPlan plan, IJobStore store, TextWriter writer, int batchSize,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var literals = plan.Dialect.Literals;
        long inserts = 0, updates = 0, deletes = 0, skipped = 0, inBatch = 0, seen = 0;
        await foreach (var statement in plan.StatementsAsync(store, cancellationToken).ConfigureAwait(false))
        {
            if (++seen % 1000 == 0)
            {
                progress?.Report(seen);
            }

            if (statement.Action == RepairAction.Skip)
            {
                skipped++;
                await writer.WriteLineAsync($"-- skipped {Comment(statement.KeyText)}: {statement.Reason}").ConfigureAwait(false);
                continue;
            }

            if (inBatch == 0 && literals.BeginTransaction.Length > 0)
            {
                await writer.WriteLineAsync(literals.BeginTransaction).ConfigureAwait(false);
            }

            await writer.WriteLineAsync(statement.Sql + ";").ConfigureAwait(false);
            switch (statement.Action)
            {
                case RepairAction.Insert: inserts++; break;
                case RepairAction.Update: updates++; break;
                default: deletes++; break;
            }

            if (++inBatch == batchSize)
            {
                await writer.WriteLineAsync(literals.CommitTransaction).ConfigureAwait(false);
                inBatch = 0;
            }
        }

        if (inBatch > 0)
        {
            await writer.WriteLineAsync(literals.CommitTransaction).ConfigureAwait(false);
        }

        progress?.Report(seen);
        return new RepairCounts(inserts, updates, deletes, skipped);
    }

    private static async Task WriteHeaderAsync(RepairPlan plan, JobRecord job, TextWriter output, RepairCounts counts, DateTime generatedAt)
    {
        var from = plan.FromSide.ToString().ToLowerInvariant();
        var lines = new List<string>
        {
            $"-- TwinSpin repair script for job {job.Id} ({Comment(job.Definition.Name)}), generated {generatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC",
            $"-- {plan.Direction}: makes {plan.RepairedSide.ToString().ToLowerInvariant()} {Comment(plan.Repaired.ToString())} equal to the {from}",
            $"-- {counts.Inserts:N0} inserts, {counts.Updates:N0} updates, {counts.Deletes:N0} deletes, {counts.Skipped:N0} rows skipped (see the comments)",
            $"-- Values were read from the {from} when this script was generated; run the job again afterwards to check.",
        };
        lines.AddRange(plan.Dialect.Literals.ClientDirectives);
        lines.AddRange(plan.Dialect.Literals.SessionStatements.Select(s => s + ";"));
        foreach (var line in lines)
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    /// <summary>Text inside a -- comment: one line, whatever it holds.</summary>
    private static string Comment(string text) => string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c));
}
