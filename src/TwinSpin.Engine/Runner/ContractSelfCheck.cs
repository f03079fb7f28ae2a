using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Hashing;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// Verifies the hash contract where it runs, before checksums computed in a database are trusted: on a
/// few rows of one side (the first and the last in key order, which an index on the key serves), the
/// database's hash of each column alone and of the whole row must equal the engine's hash of the same
/// values fetched into Arrow. DB2 and Oracle SQL cannot be tested here, and a server's settings (a
/// decimal format, a session time zone) can change what SQL produces: this check catches both.
/// </summary>
public static class ContractSelfCheck
{
    /// <summary>Rows sampled on each side before a comparison: enough to meet every column with a value on
    /// most tables, few enough to cost one quick query at each end of the key.</summary>
    public const int DefaultSampleRows = 64;

    public static async Task<ContractCheckResult> RunAsync(EndpointSession session, int sampleRows, CancellationToken cancellationToken)
    {
        if (!session.Dialect.CanChecksum)
        {
            return new ContractCheckResult(session.Side, session.Dialect.Name, ContractVerdict.NotSupported, 0, []);
        }

        var samples = await SampleAsync(session, sampleRows, withHashes: true, cancellationToken).ConfigureAwait(false);
        try
        {
            return Check(samples, session.Plan, session.Side, session.Dialect.Name);
        }
        finally
        {
            foreach (var sample in samples)
            {
                sample.Dispose();
            }
        }
    }

    /// <summary>The first half of <paramref name="sampleRows"/> in key order, then the last half when the table
    /// has more rows than the first half (recent rows often differ from old ones in what they hold).</summary>
    public static async Task<IReadOnlyList<RowSample>> SampleAsync(EndpointSession session, int sampleRows, bool withHashes, CancellationToken cancellationToken)
    {
        if (sampleRows < 1)
        {
            throw new TwinSpinException(ErrorCode.InvalidArgument, "The self-check needs at least one sampled row.");
        }

        var firstRows = (sampleRows + 1) / 2;
        var first = await session.SampleAsync(firstRows, lastRows: false, withHashes, cancellationToken).ConfigureAwait(false);
        if (first.Length < firstRows || sampleRows == firstRows)
        {
            return [first];
        }

        try
        {
            return [first, await session.SampleAsync(sampleRows - firstRows, lastRows: true, withHashes, cancellationToken).ConfigureAwait(false)];
        }
        catch
        {
            first.Dispose();
            throw;
        }
    }

    /// <summary>Compares the database's hashes of sampled rows with the engine's, column by column and per row.</summary>
    public static ContractCheckResult Check(IReadOnlyList<RowSample> samples, ComparePlan plan, Side side, string dialect)
    {
        var columns = plan.AllColumns;
        var found = new Dictionary<int, ContractDisagreement>(); // by column ordinal; -1 is the row as a whole
        var hasValue = new bool[columns.Count];
        var writer = new CanonicalRowWriter();
        var rows = 0;
        foreach (var sample in samples)
        {
            var values = sample.Values;
            for (var row = 0; row < values.Length; row++, rows++)
            {
                var sql = sample.Hashes[row];
                var columnDisagrees = false;
                for (var c = 0; c < columns.Count; c++)
                {
                    hasValue[c] |= !values.Column(c).IsNull(row);
                    writer.Reset();
                    ArrowValues.AppendCanonical(values.Column(c), row, columns[c].Rules, writer);
                    var engineHash = writer.Hash();
                    if (engineHash != sql.ColumnHashes[c])
                    {
                        columnDisagrees = true;
                        Record(found, c, columns[c].Name, columns[c].Type, KeyOf(values, row, plan), sql.ColumnTexts?[c], writer.Text, sql.ColumnHashes[c], engineHash);
                    }
                }

                writer.Reset();
                for (var c = 0; c < columns.Count; c++)
                {
                    ArrowValues.AppendCanonical(values.Column(c), row, columns[c].Rules, writer);
                }

                var engineRowHash = writer.Hash();
                if (engineRowHash != sql.RowHash && !columnDisagrees)
                {
                    Record(found, -1, null, null, KeyOf(values, row, plan), sql.ColumnTexts is { } texts ? string.Concat(texts) : null,
                        writer.Text, sql.RowHash, engineRowHash);
                }
            }
        }

        var disagreements = found.OrderBy(f => f.Key).Select(f => f.Value).ToList();
        return new ContractCheckResult(side, dialect, disagreements.Count == 0 ? ContractVerdict.Passed : ContractVerdict.Failed, rows, disagreements)
        {
            ColumnsWithoutValues = columns.Where((_, c) => rows > 0 && !hasValue[c]).Select(c => c.Name).ToList(),
        };
    }

    /// <summary>Keeps the first row's evidence for a column and counts the rows that disagree.</summary>
    private static void Record(Dictionary<int, ContractDisagreement> found, int ordinal, string? column, LogicalType? type, IReadOnlyList<KeyPart> key,
        string? sqlText, string engineText, ulong sqlHash, ulong engineHash)
    {
        found[ordinal] = found.TryGetValue(ordinal, out var first)
            ? first with { Rows = first.Rows + 1 }
            : new ContractDisagreement(column, type, key, 1, sqlText, engineText, sqlHash, engineHash);
    }

    private static IReadOnlyList<KeyPart> KeyOf(Apache.Arrow.RecordBatch values, int row, ComparePlan plan) =>
        plan.KeyColumns.Select((k, i) => new KeyPart(k.Name, k.Type, ArrowValues.ToDisplay(values.Column(i), row, k.Type))).ToList();
}
