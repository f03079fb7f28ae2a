using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Sampling;

/// <summary>The queries that draw sampled keys from one side, built from its dialect, key columns and filter. They read
/// the key columns only; the rows are then fetched by key as a job fetches them (<see cref="EndpointSession.FetchKeysAsync"/>).</summary>
internal sealed class SampleQueries(EndpointSession session)
{
    private readonly SqlDialect _dialect = session.Dialect;
    private readonly string _table = session.Dialect.QuoteTable(session.Spec.Table);
    private readonly SideColumn[] _keyColumns = session.Plan.KeyColumns.Select(k => k.For(session.Side)).ToArray();

    private string Keys => string.Join(", ", _keyColumns.Select(c => _dialect.QuoteIdentifier(c.Name)));

    private string Where(params string[] conditions)
    {
        var parts = conditions.Where(c => c.Length > 0).ToList();
        if (session.Filter is not null)
        {
            parts.Add($"({session.Filter})");
        }

        return parts.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", parts);
    }

    /// <summary>MIN and MAX of the (integer) key: an index lookup each where the key is indexed.</summary>
    public (string Sql, IReadOnlyList<object> Parameters) KeySpan()
    {
        var key = _dialect.QuoteIdentifier(_keyColumns[0].Name);
        return ($"SELECT MIN({key}), MAX({key}) FROM {_table}{Where()}", []);
    }

    /// <summary>Which of these integer values are keys (with the filter): one index lookup each, all in one round trip. The
    /// points are integers the engine drew, written as literals (no parameter limit applies), in IN lists of at most 1,000
    /// (Oracle's limit) joined by OR.</summary>
    public (string Sql, IReadOnlyList<object> Parameters) KeysAt(IReadOnlyList<decimal> points)
    {
        var key = _dialect.QuoteIdentifier(_keyColumns[0].Name);
        var lists = points.Chunk(1000).Select(chunk =>
            $"{key} IN ({string.Join(", ", chunk.Select(p => decimal.Truncate(p).ToString(System.Globalization.CultureInfo.InvariantCulture)))})");
        return ($"SELECT {key} FROM {_table}{Where($"({string.Join(" OR ", lists)})")}", []);
    }

    /// <summary>The keys of about <paramref name="percent"/> percent of the table's pages (the dialect's clause), with the filter.</summary>
    public (string Sql, IReadOnlyList<object> Parameters) TableSampleKeys(string clause) =>
        ($"SELECT {Keys} FROM {_table} {clause}{Where()}", []);

    /// <summary>Every key (with the filter), in no particular order.</summary>
    public (string Sql, IReadOnlyList<object> Parameters) AllKeys() => ($"SELECT {Keys} FROM {_table}{Where()}", []);

    public (string Sql, IReadOnlyList<object> Parameters) Count() => ($"SELECT COUNT(*) FROM {_table}{Where()}", []);
}
