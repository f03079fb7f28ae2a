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

    /// <summary>For each point, the first key at or above it (with the filter): one index seek per point, all in one
    /// round trip (<c>UNION ALL</c> of <c>... WHERE k &gt;= @p ORDER BY k</c> limited to one row each).</summary>
    public (string Sql, IReadOnlyList<object> Parameters) SeekKeys(IReadOnlyList<object> points)
    {
        var sql = new SqlText(_dialect);
        var column = _keyColumns[0];
        var key = _dialect.QuoteIdentifier(column.Name);
        var branches = points.Select((point, i) =>
        {
            var seek = _dialect.First($"SELECT {key} FROM {_table}{Where($"{key} >= {_dialect.KeyParameter(column, sql.Bind(point))}")} ORDER BY {key}", 1);
            return $"SELECT * FROM ({seek}) s{i}";
        });
        return (string.Join(" UNION ALL ", branches), sql.Parameters);
    }

    /// <summary>The keys of about <paramref name="percent"/> percent of the table's pages (the dialect's clause), with the filter.</summary>
    public (string Sql, IReadOnlyList<object> Parameters) TableSampleKeys(string clause) =>
        ($"SELECT {Keys} FROM {_table} {clause}{Where()}", []);

    /// <summary>Every key (with the filter), in no particular order.</summary>
    public (string Sql, IReadOnlyList<object> Parameters) AllKeys() => ($"SELECT {Keys} FROM {_table}{Where()}", []);

    public (string Sql, IReadOnlyList<object> Parameters) Count() => ($"SELECT COUNT(*) FROM {_table}{Where()}", []);
}
