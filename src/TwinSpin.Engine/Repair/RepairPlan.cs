using System.Runtime.CompilerServices;
using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using TwinSpin.Engine.Views;

namespace TwinSpin.Engine.Repair;

/// <summary>
/// The statements that make the repaired side equal the other for every stored discrepancy of a job: INSERT for a
/// row it lacks, DELETE for a row only it has, UPDATE of only the differing columns, each keyed by the full key.
/// Values are read again from the side repaired from, now, by key (the store holds what was compared, which after
/// column rules may not be the stored value): a row that changed since the job ran is skipped with the reason.
/// The repaired table is opened first (its name as the database spells it, its dialect's literals).
/// </summary>
public sealed class RepairPlan : IAsyncDisposable
{
    /// <summary>Discrepancies whose rows are read in one go from the side repaired from.</summary>
    private const int ChunkSize = 256;

    private readonly JobRecord _job;
    private readonly JobRowReader _from;
    private readonly RepairStatements _statements;

    private RepairPlan(JobRecord job, RepairDirection direction, EndpointSpec repaired, SqlDialect dialect,
        System.Data.Common.DbConnection connection, string table, JobRowReader from)
    {
        _job = job;
        Direction = direction;
        Repaired = repaired;
        Dialect = dialect;
        Connection = connection;
        Table = table;
        _from = from;
        _statements = new RepairStatements(job.Definition.Plan, dialect, table, RepairedSide);
    }

    public RepairDirection Direction { get; }

    /// <summary>The endpoint the statements change.</summary>
    public EndpointSpec Repaired { get; }

    public SqlDialect Dialect { get; }

    /// <summary>An open connection to the repaired database (a repair applied runs its statements on it).</summary>
    public System.Data.Common.DbConnection Connection { get; }

    /// <summary>The repaired table as the database spells it, quoted.</summary>
    public string Table { get; }

    public Side RepairedSide => Direction == RepairDirection.TargetFromSource ? Side.Target : Side.Source;

    public Side FromSide => Direction == RepairDirection.TargetFromSource ? Side.Source : Side.Target;

    /// <summary>Opens the repaired table (for writing when the repair is to be applied) and the side repaired from.</summary>
    public static async Task<RepairPlan> OpenAsync(JobRecord job, RepairDirection direction, ResumeEndpoints endpoints, bool forWriting,
        CancellationToken cancellationToken)
    {
        var repairedSide = direction == RepairDirection.TargetFromSource ? Side.Target : Side.Source;
        var stored = repairedSide == Side.Target ? job.Definition.Target : job.Definition.Source;
        var repaired = endpoints.Restore(stored, repairedSide, job.Id);
        var dialect = SqlDialect.For(repaired);
        var connection = forWriting
            ? await dialect.OpenForWritingAsync(repaired.ConnectionString, cancellationToken).ConfigureAwait(false)
            : await dialect.OpenAsync(repaired.ConnectionString, cancellationToken).ConfigureAwait(false);
        try
        {
            var schema = await dialect.ReadSchemaAsync(connection, repaired.Table, cancellationToken).ConfigureAwait(false)
                ?? throw new TwinSpinException(ErrorCode.TableNotFound,
                    $"Table '{repaired.Table}' does not exist in the {repairedSide.ToString().ToLowerInvariant()} database ({repaired.RedactedConnectionString}).")
                { Target = repaired.Table };
            var from = await JobRowReader.OpenAsync(job, endpoints, repairedSide == Side.Target ? Side.Source : Side.Target, cancellationToken).ConfigureAwait(false);
            return new RepairPlan(job, direction, repaired, dialect, connection, dialect.QuoteTable(schema.Table), from);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The statements, in the order the job found the discrepancies, read from the store as they are written.</summary>
    public async IAsyncEnumerable<RepairStatement> StatementsAsync(IJobStore store, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chunk = new List<Discrepancy>(ChunkSize);
        await foreach (var record in store.GetDiscrepanciesAsync(new DiscrepancyQuery(_job.Id), cancellationToken).ConfigureAwait(false))
        {
            chunk.Add(record.Discrepancy);
            if (chunk.Count == ChunkSize)
            {
                foreach (var statement in await ChunkAsync(chunk, cancellationToken).ConfigureAwait(false))
                {
                    yield return statement;
                }

                chunk.Clear();
            }
        }

        foreach (var statement in await ChunkAsync(chunk, cancellationToken).ConfigureAwait(false))
        {
            yield return statement;
        }
    }

    private async Task<List<RepairStatement>> ChunkAsync(List<Discrepancy> discrepancies, CancellationToken cancellationToken)
    {
        var statements = new List<RepairStatement>(discrepancies.Count);
        if (discrepancies.Count == 0)
        {
            return statements;
        }

        var keys = discrepancies.Select(d => d.Key.Select(k => k.Value!).ToArray()).ToList();
        var rows = await _from.ReadAsync(keys, ArrowValues.ToRaw, cancellationToken).ConfigureAwait(false);
        foreach (var discrepancy in discrepancies)
        {
            var key = discrepancy.Key.Select(k => k.Value).ToList();
            rows.TryGetValue(JobRowReader.KeyText(key), out var row);
            var label = string.Join(", ", discrepancy.Key.Select(k => $"{k.Column}={ValueText.Display(k.Value)}"));
            statements.Add(_statements.For(discrepancy, label, key, row));
        }

        return statements;
    }

    public async ValueTask DisposeAsync()
    {
        await _from.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
