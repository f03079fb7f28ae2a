using System.Data.Common;
using System.Diagnostics;
using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// Runs, against one endpoint, the checks a job relies on: it connects, finds the table and the key and
/// compared columns, looks for NULL and duplicated keys, runs the hash contract self-check on a sample, and
/// reads the row estimate. Checks are cheap (a sample, the statistics, one NULL-key count when the key
/// allows NULLs) and each failure becomes a problem in the report, never an exception; a check that needs
/// an earlier one (a table needs a connection) is skipped when that one failed.
/// </summary>
public static class EndpointCheck
{
    public static async Task<EndpointCheckReport> RunAsync(EndpointCheckRequest request, CancellationToken cancellationToken)
    {
        if (request.SampleRows < 1)
        {
            throw new TwinSpinException(ErrorCode.InvalidArgument, "SampleRows must be at least 1.");
        }

        var clock = Stopwatch.StartNew();
        var report = new EndpointCheckReport(request.Endpoint);
        try
        {
            await CheckAsync(request, report, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            report.AddProblem(Message(e, request.Endpoint));
        }

        report.Duration = clock.Elapsed;
        return report;
    }

    private static async Task CheckAsync(EndpointCheckRequest request, EndpointCheckReport report, CancellationToken cancellationToken)
    {
        var spec = request.Endpoint;
        TableSchema? schema;
        try
        {
            var dialect = SqlDialect.For(spec);
            await using var connection = await dialect.OpenAsync(spec.ConnectionString, cancellationToken).ConfigureAwait(false);
            report.Connected = true;
            schema = await dialect.ReadSchemaAsync(connection, spec.Table, cancellationToken).ConfigureAwait(false);
            if (schema is null)
            {
                report.AddProblem($"Table '{spec.Table}' does not exist ({spec.RedactedConnectionString}).");
                return;
            }

            report.TableFound = true;
            report.Table = schema.Table;
            report.Columns = schema.Columns;
            report.RowEstimate = await EstimateRowsAsync(dialect, connection, schema.Table, report, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && !report.Connected)
        {
            // The providers' own connection errors already say what could not be reached.
            report.AddProblem(e is TwinSpinException ? Message(e, spec) : "Cannot connect: " + Message(e, spec));
            return;
        }

        var resolved = spec with { Table = schema.Table };
        ComparePlan plan;
        try
        {
            var self = new CompareRequest(resolved, resolved) { KeyColumns = request.KeyColumns, Columns = request.Columns, ExcludeColumns = request.ExcludeColumns };
            plan = PlanBuilder.Build(self, schema, schema);
        }
        catch (TwinSpinException e)
        {
            report.AddProblem(e.Message);
            return;
        }

        report.Plan = plan;
        var keyNames = plan.KeyColumns.Select(k => k.Name).ToList();
        Preflight.CheckFilter(spec.Where, "the endpoint's -Where"); // refused, never run: a problem in the report
        await using var session = await EndpointSession.OpenAsync(resolved, Side.Source, plan, null, cancellationToken).ConfigureAwait(false);
        report.NullKeys = keyNames.Any(k => schema.Find(k)!.IsNullable) ? await session.NullKeyCountAsync(cancellationToken).ConfigureAwait(false) : 0;
        if (report.NullKeys > 0)
        {
            report.AddProblem($"{report.NullKeys} row(s) have a NULL in key column(s) {string.Join(", ", keyNames)}: rows without a key cannot be matched.");
        }

        var samples = await ContractSelfCheck.SampleAsync(session, request.SampleRows, withHashes: session.Dialect.CanChecksum, cancellationToken).ConfigureAwait(false);
        try
        {
            report.SampledRows = samples.Sum(s => s.Length);
            CheckKeyUniqueness(schema, plan, samples, report);
            report.HashContract = session.Dialect.CanChecksum
                ? ContractSelfCheck.Check(samples, plan, Side.Source, session.Dialect.Name)
                : new ContractCheckResult(Side.Source, session.Dialect.Name, ContractVerdict.NotSupported, 0, []);
        }
        finally
        {
            foreach (var sample in samples)
            {
                sample.Dispose();
            }
        }

        foreach (var disagreement in report.HashContract.Disagreements)
        {
            report.AddProblem($"Hash contract: {disagreement.Describe()}. Jobs with this endpoint fetch rows instead of trusting checksums.");
        }
    }

    /// <summary>Declared by a primary key or unique index, or else no two neighbours in key order share a key in the sample.</summary>
    private static void CheckKeyUniqueness(TableSchema schema, ComparePlan plan, IReadOnlyList<RowSample> samples, EndpointCheckReport report)
    {
        report.KeyUniqueDeclared = schema.IsProvablyUnique(plan.KeyColumns.Select(k => k.Name).ToList());
        if (report.KeyUniqueDeclared)
        {
            report.KeyUnique = true;
            return;
        }

        foreach (var sample in samples)
        {
            for (var row = 1; row < sample.Length; row++)
            {
                if (SameKey(sample, row - 1, row, plan.KeyCount))
                {
                    report.KeyUnique = false;
                    var key = string.Join(", ", plan.KeyColumns.Select((k, i) => $"{k.Name}={ArrowValues.ToDisplay(sample.Values.Column(i), row, k.Type)}"));
                    report.AddProblem($"Key ({string.Join(", ", plan.KeyColumns.Select(k => k.Name))}) is not unique: sampled rows share {key}. " +
                        "Choose key columns that identify one row each.");
                    return;
                }
            }
        }

        report.KeyUnique = true;
    }

    private static bool SameKey(RowSample sample, int left, int right, int keyCount)
    {
        for (var k = 0; k < keyCount; k++)
        {
            var column = sample.Values.Column(k);
            if (column.IsNull(left) || column.IsNull(right) || ArrowValues.CompareKey(column, left, column, right) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Statistics a DBA may not be allowed to read are a problem to report, not a reason to stop.</summary>
    private static async Task<long?> EstimateRowsAsync(SqlDialect dialect, DbConnection connection, string table, EndpointCheckReport report, CancellationToken cancellationToken)
    {
        try
        {
            return await dialect.EstimateRowsAsync(connection, table, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            report.AddProblem("The row estimate could not be read: " + Message(e, report.Endpoint));
            return null;
        }
    }

    /// <summary>The failure's message without the connection string's secrets.</summary>
    private static string Message(Exception e, EndpointSpec spec) => ConnectionStrings.Scrub(e.Message, spec.ConnectionString);
}
