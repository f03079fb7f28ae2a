using Apache.Arrow;
using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// Reads back, by key, rows of a stored job's table on one side, through the job's own endpoints, columns and filter:
/// the row a side lacks for the diff viewer, the row a repair writes. The store keeps only keys and the differing
/// values; a row changed since the job ran is read as it is now.
/// </summary>
public sealed class JobRowReader : IAsyncDisposable
{
    /// <summary>Key values fetched in one query at most (under every driver's parameter limit).</summary>
    private const int KeysPerQuery = 256;

    private readonly EndpointSession _session;
    private readonly ComparePlan _plan;

    private JobRowReader(EndpointSession session, ComparePlan plan)
    {
        _session = session;
        _plan = plan;
    }

    public static async Task<JobRowReader> OpenAsync(JobRecord job, ResumeEndpoints endpoints, Side side, CancellationToken cancellationToken)
    {
        var definition = job.Definition;
        var spec = endpoints.Restore(side == Side.Source ? definition.Source : definition.Target, side, job.Id);
        _ = await Preflight.ReadSchemaAsync(spec, side, cancellationToken).ConfigureAwait(false); // a table gone since: TableNotFound, not a bare query failure
        var session = await EndpointSession.OpenAsync(spec, side, definition.Plan, definition.Where, cancellationToken).ConfigureAwait(false);
        return new JobRowReader(session, definition.Plan);
    }

    /// <summary>The rows of <paramref name="keys"/> on one side, opened and closed for this one read.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<(string Column, object? Value)>>> ReadAsync(
        JobRecord job, ResumeEndpoints endpoints, Side side, IReadOnlyList<object[]> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return new Dictionary<string, IReadOnlyList<(string, object?)>>();
        }

        await using var reader = await OpenAsync(job, endpoints, side, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(keys, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The rows of <paramref name="keys"/>, keyed by their key's text (<see cref="KeyText"/>), each value as
    /// <paramref name="read"/> gives it (default: as views show it); a key whose row is gone is absent.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<(string Column, object? Value)>>> ReadAsync(
        IReadOnlyList<object[]> keys, Func<IArrowArray, int, LogicalType, object?>? read, CancellationToken cancellationToken)
    {
        read ??= ArrowValues.ToDisplay;
        var rows = new Dictionary<string, IReadOnlyList<(string, object?)>>(StringComparer.Ordinal);
        var columns = _plan.AllColumns;
        var keyCount = _plan.KeyColumns.Count;
        foreach (var chunk in keys.Chunk(Math.Max(1, KeysPerQuery / keyCount)))
        {
            var (batch, _) = await _session.FetchKeysAsync([(KeyRange.All, chunk)], cancellationToken).ConfigureAwait(false);
            using (batch)
            {
                for (var row = 0; row < batch.Length; row++)
                {
                    var key = columns.Take(keyCount).Select((c, i) => ArrowValues.ToDisplay(batch.Column(i), row, c.Type)).ToList();
                    rows[KeyText(key)] = columns.Select((c, i) => (c.Name, read(batch.Column(i), row, c.Type))).ToList();
                }
            }
        }

        return rows;
    }

    /// <summary>A key as text, the same for the key read here and the one the store gave.</summary>
    public static string KeyText(IReadOnlyList<object?> values) => new KeyBound(values.Select(v => v ?? DBNull.Value).ToList()).ToString();

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
