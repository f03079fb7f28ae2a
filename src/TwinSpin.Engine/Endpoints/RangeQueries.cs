using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Endpoints.Odbc;

namespace TwinSpin.Engine.Endpoints;

/// <summary>
/// Builds every query the engine sends to one side: per-bucket count and checksum over a range,
/// row fetches, quantile split points, NULL-key and duplicate-key probes. Shapes are portable;
/// the dialect supplies quoting, parameters, hashing and first-n. Ranges are over the key tuple, or
/// (hash partitioning) over the key's partition hash, one integer.
/// </summary>
public sealed class RangeQueries(SqlDialect dialect, string table, int keyCount, IReadOnlyList<SideColumn> columns, string? filter,
    bool hashPartitioned = false, bool nativeRowHash = false)
{
    private readonly string _table = dialect.QuoteTable(table);
    private readonly string[] _keys = columns.Take(keyCount).Select(c => dialect.QuoteIdentifier(c.Name)).ToArray();

    /// <summary>What range predicates, bucket cases and MIN/MAX compare: the key columns in code point
    /// order, or the partition hash.</summary>
    private readonly string[] _comparableKeys = hashPartitioned
        ? [dialect.PartitionHashExpression(columns.Take(keyCount).ToList())]
        : columns.Take(keyCount).Select(dialect.KeyComparable).ToArray();

    /// <summary>
    /// One row per non-empty bucket: bucket index, COUNT(*), checksum (or 0), MIN and MAX of the first
    /// key column. Buckets are the children cut by <paramref name="boundaries"/>; with none, the range itself.
    /// Evenly spaced boundaries (<paramref name="step"/>) are computed with one division per row.
    /// </summary>
    public (string Sql, IReadOnlyList<object> Parameters) BucketStats(KeyRange range, IReadOnlyList<KeyBound> boundaries, bool withChecksum,
        UniformStep? step = null)
    {
        var sql = new SqlText(dialect);
        var bucket = BucketExpression(sql, boundaries, step);
        var where = WhereClause(sql, range);
        var hash = RowHash(withChecksum);
        var checksum = !withChecksum ? "0" : nativeRowHash ? dialect.NativeChecksumAggregate("x.h") : dialect.ChecksumAggregate("x.h");
        // The range itself is one bucket: without GROUP BY, no database sorts or hashes the rows into groups
        // (an empty range then gives one row with COUNT(*) = 0).
        var text = boundaries.Count == 0
            ? $"SELECT 0, COUNT(*), {checksum}, MIN(x.k), MAX(x.k) FROM (SELECT {hash} AS h, {BucketKey} AS k FROM {_table}{where}) x"
            : $"SELECT x.b, COUNT(*), {checksum}, MIN(x.k), MAX(x.k) FROM (" +
              $"SELECT {bucket} AS b, {hash} AS h, {BucketKey} AS k FROM {_table}{where}{dialect.MaterializeDerivedTable}) x GROUP BY x.b";
        return (text, sql.Parameters);
    }

    /// <summary>
    /// The rows behind <see cref="BucketStats"/> before they are grouped: bucket index, row hash (or 0) and
    /// the first key column (or partition hash) of every row of the range. For an in-process database the
    /// engine groups them faster than SQL's GROUP BY, which sorts the rows first.
    /// </summary>
    public (string Sql, IReadOnlyList<object> Parameters) BucketRows(KeyRange range, IReadOnlyList<KeyBound> boundaries, bool withChecksum,
        UniformStep? step = null)
    {
        var sql = new SqlText(dialect);
        var bucket = BucketExpression(sql, boundaries, step);
        var where = WhereClause(sql, range);
        return ($"SELECT {bucket}, {RowHash(withChecksum)}, {BucketKey} FROM {_table}{where}", sql.Parameters);
    }

    /// <summary>What MIN and MAX are taken of: the first key column when ranges over it are cut by value (an integer),
    /// the partition hash under hash partitioning, else a constant (ranges are cut by quantiles, and some types,
    /// such as PostgreSQL's uuid, have no MIN).</summary>
    private string BucketKey => hashPartitioned ? _comparableKeys[0] : columns[0].Type == LogicalType.Integer ? _keys[0] : "0";

    private string RowHash(bool withChecksum) =>
        !withChecksum ? "0" : nativeRowHash ? dialect.NativeRowHashExpression(columns) : dialect.RowHashExpression(columns);

    public (string Sql, IReadOnlyList<object> Parameters) FetchRows(KeyRange range)
    {
        var sql = new SqlText(dialect);
        var where = WhereClause(sql, range);
        return ($"SELECT {string.Join(", ", columns.Select(dialect.SelectExpression))} FROM {_table}{where}", sql.Parameters);
    }

    /// <summary>
    /// The rows of several ranges in one round trip: one branch per range (each an index range scan), every row
    /// followed by its range's index, ordered by it so each range's rows come together.
    /// </summary>
    public (string Sql, IReadOnlyList<object> Parameters) FetchRanges(IReadOnlyList<KeyRange> ranges)
    {
        var sql = new SqlText(dialect);
        var select = string.Join(", ", columns.Select(dialect.SelectExpression));
        var branches = ranges.Select((range, i) => $"SELECT {select}, {i} AS twinspin_range FROM {_table}{WhereClause(sql, range)}").ToList();
        return ($"{string.Join(" UNION ALL ", branches)} ORDER BY twinspin_range", sql.Parameters);
    }

    /// <summary>
    /// Each row's key and row hash (the one range checksums sum) for several ranges in one round trip, every
    /// row followed by its range's index: the rows of unequal leaves are told apart before any is fetched whole.
    /// </summary>
    public (string Sql, IReadOnlyList<object> Parameters) RowHashRanges(IReadOnlyList<KeyRange> ranges)
    {
        var sql = new SqlText(dialect);
        var select = $"{string.Join(", ", _keys)}, {RowHash(withChecksum: true)}";
        var branches = ranges.Select((range, i) => $"SELECT {select}, {i} AS twinspin_range FROM {_table}{WhereClause(sql, range)}").ToList();
        return (string.Join(" UNION ALL ", branches), sql.Parameters);
    }

    /// <summary>
    /// The rows of given keys, several ranges' keys in one round trip: each branch is its range (and the filter)
    /// narrowed to its keys by the database's own equality, every row followed by the branch's index, ordered by it.
    /// </summary>
    public (string Sql, IReadOnlyList<object> Parameters) FetchKeys(IReadOnlyList<(KeyRange Range, IReadOnlyList<object[]> Keys)> groups)
    {
        var sql = new SqlText(dialect);
        var select = string.Join(", ", columns.Select(dialect.SelectExpression));
        var branches = groups.Select((group, i) =>
            $"SELECT {select}, {i} AS twinspin_range FROM {_table}{WhereClause(sql, group.Range, () => KeyIn(sql, group.Keys))}").ToList();
        return ($"{string.Join(" UNION ALL ", branches)} ORDER BY twinspin_range", sql.Parameters);
    }

    private string KeyIn(SqlText sql, IReadOnlyList<object[]> keys) => _keys.Length == 1
        ? $"{_keys[0]} IN ({string.Join(", ", keys.Select(key => KeyValue(sql, key, 0)))})"
        : "(" + string.Join(" OR ", keys.Select(key => "(" + string.Join(" AND ", _keys.Select((column, i) => $"{column} = {KeyValue(sql, key, i)}")) + ")")) + ")";

    private string KeyValue(SqlText sql, object[] key, int index) => dialect.KeyEqualityOperand(columns[index], sql.Bind(key[index]));

    /// <summary>Rows' keys with the in-database row hash: the SQL side of the hash contract.</summary>
    public (string Sql, IReadOnlyList<object> Parameters) RowHashes(KeyRange range)
    {
        var sql = new SqlText(dialect);
        var where = WhereClause(sql, range);
        return ($"SELECT {string.Join(", ", _keys)}, {dialect.RowHashExpression(columns)} FROM {_table}{where}", sql.Parameters);
    }

    /// <summary>
    /// The first (or last) <paramref name="rows"/> rows in key order, for the contract self-check: every column
    /// as a fetch selects it, then (with hashes) the SQL row hash of the whole row, the SQL hash of each column
    /// alone, and each column's canonical text when the dialect builds it in SQL. Ordered by the key columns
    /// themselves (qualified, so an alias of a converted column is never what is sorted), which an index on
    /// the key serves without reading the table.
    /// </summary>
    public SampleQuery SampleRows(int rows, bool lastRows, bool withHashes)
    {
        const string alias = "sampled";
        var select = columns.Select(dialect.SelectExpression).ToList();
        var texts = withHashes ? CanonicalTextExpressions() : null;
        if (withHashes)
        {
            select.Add(dialect.RowHashExpression(columns));
            select.AddRange(columns.Select(c => dialect.RowHashExpression([c])));
            select.AddRange(texts ?? []);
        }

        // The filter stays in a derived table, where a condition that names the table itself still resolves.
        var order = string.Join(", ", _keys.Select(k => $"{alias}.{k}{(lastRows ? " DESC" : string.Empty)}"));
        var where = filter is null ? string.Empty : $" WHERE ({filter})";
        var sql = dialect.First($"SELECT {string.Join(", ", select)} FROM (SELECT * FROM {_table}{where}) {alias} ORDER BY {order}", rows);
        return new SampleQuery(sql, columns.Count, withHashes, texts is not null);
    }

    /// <summary>The first (or last) rows in key order, every column as a fetch selects it, then the same-engine row hash.</summary>
    public string NativeHashSample(int rows, bool lastRows)
    {
        const string alias = "sampled";
        var select = columns.Select(dialect.SelectExpression).Append(dialect.NativeRowHashExpression(columns));
        var order = string.Join(", ", _keys.Select(k => $"{alias}.{k}{(lastRows ? " DESC" : string.Empty)}"));
        var where = filter is null ? string.Empty : $" WHERE ({filter})";
        return dialect.First($"SELECT {string.Join(", ", select)} FROM (SELECT * FROM {_table}{where}) {alias} ORDER BY {order}", rows);
    }

    /// <summary>Each column's canonical text (as its row text field) when the dialect builds it in SQL; null when
    /// only the hash is computed there (SQLite's registered function).</summary>
    private List<string>? CanonicalTextExpressions()
    {
        var canonical = dialect switch
        {
            CanonicalSqlDialect c => c,
            OdbcDialect { Inner: CanonicalSqlDialect c } => c,
            _ => null,
        };
        return canonical is null ? null : columns.Select(c => canonical.RowTextExpression([c])).ToList();
    }

    /// <summary>Every <paramref name="step"/>-th key of the range in key order, skipping the first: split points.
    /// Under hash partitioning, ranges are over the partition hash, so the split points are hash values.</summary>
    public (string Sql, IReadOnlyList<object> Parameters) QuantileBoundaries(KeyRange range, long step)
    {
        var sql = new SqlText(dialect);
        var where = WhereClause(sql, range);
        var outer = hashPartitioned ? "twinspin_hash" : string.Join(", ", _keys);
        var inner = hashPartitioned ? $"{_comparableKeys[0]} AS twinspin_hash" : outer;
        var stepParameter = sql.Bind(step);
        var text =
            $"SELECT {outer} FROM (SELECT {inner}, ROW_NUMBER() OVER (ORDER BY {string.Join(", ", _comparableKeys)}) AS rn FROM {_table}{where}) q " +
            $"WHERE rn > 1 AND {dialect.Modulo("rn - 1", stepParameter)} = 0 ORDER BY rn";
        return (text, sql.Parameters);
    }

    /// <summary>MIN and MAX of the first key column over the whole table (and the filter). PostgreSQL and MariaDB
    /// answer both from the key's index with a lookup each; elsewhere, or without an index, it is one scan, as the
    /// COUNT(*) it stands in for would be.</summary>
    public (string Sql, IReadOnlyList<object> Parameters) KeySpan() =>
        ($"SELECT MIN({_keys[0]}), MAX({_keys[0]}) FROM {_table}{(filter is null ? string.Empty : $" WHERE ({filter})")}", []);

    /// <summary>How many values a split point has: the key's columns, or one partition hash.</summary>
    public int BoundColumns => _comparableKeys.Length;

    public (string Sql, IReadOnlyList<object> Parameters) NullKeyCount()
    {
        var sql = new SqlText(dialect);
        var nullTest = string.Join(" OR ", _keys.Select(k => k + " IS NULL"));
        return ($"SELECT COUNT(*) FROM {_table} WHERE ({nullTest}){AndFilter()}", sql.Parameters);
    }

    public (string Sql, IReadOnlyList<object> Parameters) DuplicateKeys(int limit)
    {
        // Grouped as ranges compare keys (binary): 'Zebra' and 'zebra' are two keys even under a case-insensitive collation.
        var keys = string.Join(", ", columns.Take(keyCount).Select(dialect.KeyComparable));
        var where = filter is null ? string.Empty : $" WHERE ({filter})";
        return (dialect.First($"SELECT {keys}, COUNT(*) FROM {_table}{where} GROUP BY {keys} HAVING COUNT(*) > 1", limit), []);
    }

    private string AndFilter() => filter is null ? string.Empty : $" AND ({filter})";

    /// <summary>The range, then <paramref name="narrowing"/> (built here, so its parameters follow the range's in
    /// the order placeholders appear), then the filter.</summary>
    private string WhereClause(SqlText sql, KeyRange range, Func<string>? narrowing = null)
    {
        var parts = new List<string>();
        if (range.Lower is not null)
        {
            parts.Add(Compare(sql, range.Lower, 0, ">", ">="));
        }

        if (range.Upper is not null)
        {
            parts.Add(Compare(sql, range.Upper, 0, "<", "<"));
        }

        if (narrowing is not null)
        {
            parts.Add(narrowing());
        }

        if (filter is not null)
        {
            parts.Add($"({filter})");
        }

        return parts.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", parts);
    }

    /// <summary>Lexicographic comparison of the key tuple with a bound prefix, written with OR/AND so
    /// that every database accepts it (row-value comparison is not portable).</summary>
    private string Compare(SqlText sql, KeyBound bound, int index, string strict, string last)
    {
        var key = _comparableKeys[index];
        if (index == bound.Values.Count - 1)
        {
            return $"{key} {last} {BoundValue(sql, bound, index)}";
        }

        return $"({key} {strict} {BoundValue(sql, bound, index)} OR ({key} = {BoundValue(sql, bound, index)} AND {Compare(sql, bound, index + 1, strict, last)}))";
    }

    /// <summary>A bound's value as its key column compares with it (a partition hash is an integer).</summary>
    private string BoundValue(SqlText sql, KeyBound bound, int index) =>
        hashPartitioned ? sql.Bind(bound.Values[index]) : dialect.KeyParameter(columns[index], sql.Bind(bound.Values[index]));

    /// <summary>Up to this many boundaries are tested one after the other; more are searched as a binary tree.</summary>
    private const int LinearBucketLimit = 8;

    private string BucketExpression(SqlText sql, IReadOnlyList<KeyBound> boundaries, UniformStep? step)
    {
        if (boundaries.Count == 0)
        {
            return "0";
        }

        if (step is not null)
        {
            var key = _comparableKeys[0];
            var first = sql.Bind(boundaries[0].Values[0]);
            var last = sql.Bind(boundaries[^1].Values[0]);
            var arithmetic = dialect.IntegerBucket(key, sql.Bind(step.Origin), sql.Bind(step.Width));
            return $"CASE WHEN {key} < {first} THEN 0 WHEN {key} >= {last} THEN {boundaries.Count} ELSE {arithmetic} END";
        }

        if (boundaries.Count <= LinearBucketLimit)
        {
            var cases = boundaries.Select((b, i) => $"WHEN {Compare(sql, b, 0, "<", "<")} THEN {i}");
            return $"CASE {string.Join(" ", cases)} ELSE {boundaries.Count} END";
        }

        return BucketTree(sql, boundaries, 0, boundaries.Count);
    }

    /// <summary>Buckets <paramref name="low"/>..<paramref name="high"/> as nested CASEs: log2(n) comparisons per row.</summary>
    private string BucketTree(SqlText sql, IReadOnlyList<KeyBound> boundaries, int low, int high)
    {
        if (low == high)
        {
            return low.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var middle = (low + high + 1) / 2;
        var below = Compare(sql, boundaries[middle - 1], 0, "<", "<");
        return $"CASE WHEN {below} THEN {BucketTree(sql, boundaries, low, middle - 1)} ELSE {BucketTree(sql, boundaries, middle, high)} END";
    }
}

/// <summary>A sample query and the layout of its result: <see cref="ColumnCount"/> values, then (with hashes) the
/// row hash, one hash per column and, when <see cref="HasCanonicalText"/>, one canonical text per column.</summary>
public sealed record SampleQuery(string Sql, int ColumnCount, bool HasHashes, bool HasCanonicalText);
