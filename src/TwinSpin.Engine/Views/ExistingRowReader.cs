using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Views;

/// <summary>
/// Reads back, by key, the rows a job found on one side only, so a viewer can show the row that exists. The store
/// keeps only the keys of missing rows; the values come from the database now, through the job's own endpoints,
/// columns and filter (a row changed since the job ran shows as it is now).
/// </summary>
public static class ExistingRowReader
{
    /// <summary>Key values fetched in one query at most (under every driver's parameter limit).</summary>
    private const int KeysPerQuery = 256;

    /// <summary>The rows of <paramref name="keys"/> on <paramref name="side"/>, keyed by their key's text
    /// (<see cref="KeyText"/>); a key whose row is gone is absent.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<(string Column, object? Value)>>> ReadAsync(
        JobRecord job, ResumeEndpoints endpoints, Side side, IReadOnlyList<object[]> keys, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, IReadOnlyList<(string, object?)>>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return rows;
        }

        var definition = job.Definition;
        var spec = endpoints.Restore(side == Side.Source ? definition.Source : definition.Target, side, job.Id);
        _ = await Preflight.ReadSchemaAsync(spec, side, cancellationToken).ConfigureAwait(false); // a table gone since: TableNotFound, not a bare query failure
        await using var session = await EndpointSession.OpenAsync(spec, side, definition.Plan, definition.Where, cancellationToken).ConfigureAwait(false);
        var columns = definition.Plan.AllColumns;
        var keyCount = definition.Plan.KeyColumns.Count;
        foreach (var chunk in keys.Chunk(Math.Max(1, KeysPerQuery / keyCount)))
        {
            var (batch, _) = await session.FetchKeysAsync([(KeyRange.All, chunk)], cancellationToken).ConfigureAwait(false);
            using (batch)
            {
                for (var row = 0; row < batch.Length; row++)
                {
                    var values = columns.Select((c, i) => (c.Name, ArrowValues.ToDisplay(batch.Column(i), row, c.Type))).ToList();
                    rows[KeyText(values.Take(keyCount).Select(v => v.Item2).ToList())] = values;
                }
            }
        }

        return rows;
    }

    /// <summary>A key as text, the same for the key read here and the one the store gave.</summary>
    public static string KeyText(IReadOnlyList<object?> values) => new KeyBound(values.Select(v => v ?? DBNull.Value).ToList()).ToString();
}
