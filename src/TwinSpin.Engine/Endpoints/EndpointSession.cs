using System.Data.Common;
using Apache.Arrow;
using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Partitioning;

namespace TwinSpin.Engine.Endpoints;

/// <summary>Counts and checksum of one child bucket of a range on one side.</summary>
public sealed record BucketStats(int Bucket, long Rows, ulong Checksum, object? MinKey, object? MaxKey);

/// <summary>A row's key (as the driver gives it, to be bound again) and its in-database row hash.</summary>
public sealed record RowHash(object[] Key, ulong Hash);

/// <summary>
/// One open connection to one side, running the queries of <see cref="RangeQueries"/>. Not
/// thread-safe: each worker owns its own session per side. Driver failures become
/// <see cref="TwinSpinException"/>s whose messages carry no secrets.
/// </summary>
public sealed class EndpointSession : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly RangeQueries _queries;
    private readonly ComparePlan _plan;
    private readonly string? _filter;

    /// <summary>A scan of a large range takes as long as it takes (a stop or Ctrl+C cancels it), unlike the
    /// drivers' 30-second default; a command timeout set in the connection string is kept.</summary>
    private readonly bool _commandTimeoutGiven;

    private EndpointSession(EndpointSpec spec, Side side, SqlDialect dialect, DbConnection connection, ComparePlan plan, string? filter)
    {
        Spec = spec;
        Side = side;
        Dialect = dialect;
        _connection = connection;
        _plan = plan;
        _filter = filter;
        _commandTimeoutGiven = ConnectionStrings.SetsCommandTimeout(spec.ConnectionString);
        _queries = new RangeQueries(dialect, spec.Table, plan.KeyCount, plan.AllColumns.Select(c => c.For(side)).ToList(), filter, plan.HashPartitioned,
            plan.NativeRowHash);
    }

    public EndpointSpec Spec { get; }

    public Side Side { get; }

    public SqlDialect Dialect { get; }

    /// <summary>The columns every query of this session lists, in order.</summary>
    public ComparePlan Plan => _plan;

    public static async Task<EndpointSession> OpenAsync(EndpointSpec spec, Side side, ComparePlan plan, string? jobFilter, CancellationToken cancellationToken)
    {
        var dialect = SqlDialect.For(spec);
        var connection = await dialect.OpenAsync(spec.ConnectionString, cancellationToken).ConfigureAwait(false);
        return new EndpointSession(spec, side, dialect, connection, plan, CombineFilters(spec.Where, jobFilter));
    }

    public static string? CombineFilters(string? endpointFilter, string? jobFilter) =>
        (string.IsNullOrWhiteSpace(endpointFilter), string.IsNullOrWhiteSpace(jobFilter)) switch
        {
            (true, true) => null,
            (false, true) => endpointFilter,
            (true, false) => jobFilter,
            _ => $"({endpointFilter}) AND ({jobFilter})",
        };

    /// <summary>Count, checksum and first-key MIN/MAX of each non-empty bucket of the range.</summary>
    public async Task<IReadOnlyList<BucketStats>> BucketStatsAsync(KeyRange range, SplitPoints points, bool withChecksum, CancellationToken cancellationToken)
    {
        if (Dialect.GroupsBucketsInProcess && points.Boundaries.Count > 0)
        {
            var (rowsSql, rowsParameters) = _queries.BucketRows(range, points.Boundaries, withChecksum, points.Step);
            return await StreamAsync(rowsSql, rowsParameters, reader => BucketAccumulator.ReadAsync(reader, points.Buckets, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }

        var (sql, parameters) = _queries.BucketStats(range, points.Boundaries, withChecksum, points.Step);
        var stats = await QueryAsync(sql, parameters, reader => new BucketStats(
            (int)reader.GetInt64(0), reader.GetInt64(1), Dialect.ReadChecksum(reader, 2),
            reader.IsDBNull(3) ? null : reader.GetValue(3), reader.IsDBNull(4) ? null : reader.GetValue(4)), cancellationToken).ConfigureAwait(false);
        return stats.Where(s => s.Rows > 0).ToList();
    }

    /// <summary>
    /// The whole table's rows as the database's statistics estimate them, and its first key column's span, without
    /// reading the table; null when the statistics are missing, unreadable or say fewer than <paramref name="minRows"/>
    /// rows, when the table is empty, or when a filter makes the statistics beside the point.
    /// </summary>
    public async Task<BucketStats?> EstimatedSpanAsync(long minRows, CancellationToken cancellationToken)
    {
        if (_filter is not null)
        {
            return null;
        }

        long? estimate;
        try
        {
            estimate = await Dialect.EstimateRowsAsync(_connection, Spec.Table, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException)
        {
            return null; // statistics a user may not read: the table is counted instead
        }

        if (estimate is not { } rows || rows < minRows)
        {
            return null;
        }

        var (sql, parameters) = _queries.KeySpan();
        var span = await QueryAsync(sql, parameters, reader => reader.IsDBNull(0) || reader.IsDBNull(1) ? null : new BucketStats(0, rows, 0,
            reader.GetValue(0), reader.GetValue(1)), cancellationToken).ConfigureAwait(false);
        return span[0];
    }

    /// <summary>The range's rows, or null when there are more than <paramref name="maxRows"/> (reading stops there).</summary>
    public async Task<RecordBatch?> FetchAsync(KeyRange range, int maxRows, CancellationToken cancellationToken)
    {
        var (sql, parameters) = _queries.FetchRows(range);
        return await StreamAsync(sql, parameters, reader => ArrowBatchReader.ReadAsync(reader, _plan.AllColumns, maxRows, cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }


    /// <summary>The rows of several ranges in one query, as one batch holding each range's rows together in the
    /// order given, and how many rows each range has.</summary>
    public Task<(RecordBatch Rows, int[] Counts)> FetchRangesAsync(IReadOnlyList<KeyRange> ranges, CancellationToken cancellationToken)
    {
        var (sql, parameters) = _queries.FetchRanges(ranges);
        return FetchGroupedAsync(sql, parameters, ranges.Count, cancellationToken);
    }

    /// <summary>The rows of given keys of several ranges in one query, as <see cref="FetchRangesAsync"/> gives them.</summary>
    public Task<(RecordBatch Rows, int[] Counts)> FetchKeysAsync(IReadOnlyList<(KeyRange Range, IReadOnlyList<object[]> Keys)> groups,
        CancellationToken cancellationToken)
    {
        var (sql, parameters) = _queries.FetchKeys(groups);
        return FetchGroupedAsync(sql, parameters, groups.Count, cancellationToken);
    }

    /// <summary>Each row's key and row hash, for several ranges in one query: one list per range.</summary>
    public async Task<List<RowHash>[]> RowHashRangesAsync(IReadOnlyList<KeyRange> ranges, CancellationToken cancellationToken)
    {
        var (sql, parameters) = _queries.RowHashRanges(ranges);
        var keyCount = _plan.KeyCount;
        var byRange = ranges.Select(_ => new List<RowHash>()).ToArray();
        await StreamAsync(sql, parameters, async reader =>
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                byRange[(int)reader.GetInt64(keyCount + 1)].Add(new RowHash(ReadKey(reader), unchecked((ulong)reader.GetInt64(keyCount))));
            }

            return byRange;
        }, cancellationToken).ConfigureAwait(false);
        return byRange;
    }

    /// <summary>The filter every query of this session applies (the endpoint's and the job's -Where), or null.</summary>
    public string? Filter => _filter;

    /// <summary>The table's rows as the database's statistics estimate them (ignoring the filter); null when it keeps none
    /// or they cannot be read.</summary>
    public async Task<long?> EstimateRowsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Dialect.EstimateRowsAsync(_connection, Spec.Table, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException)
        {
            return null;
        }
    }

    /// <summary>Runs a query whose rows are values (keys, a count), streaming each row's first <paramref name="width"/>
    /// values to <paramref name="row"/>; for queries built elsewhere (Sampling) from this session's dialect and filter.</summary>
    public Task<long> ForEachRowAsync((string Sql, IReadOnlyList<object> Parameters) query, int width, Action<object[]> row,
        CancellationToken cancellationToken) =>
        StreamAsync(query.Sql, query.Parameters, async reader =>
        {
            long rows = 0;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var values = new object[width];
                for (var i = 0; i < width; i++)
                {
                    values[i] = reader.GetValue(i);
                }

                row(values);
                rows++;
            }

            return rows;
        }, cancellationToken);

    /// <summary>Rows of a grouped fetch, each followed by its group's index: one batch, and each group's row count.</summary>
    private async Task<(RecordBatch Rows, int[] Counts)> FetchGroupedAsync(string sql, IReadOnlyList<object> parameters, int groups,
        CancellationToken cancellationToken)
    {
        var counts = new int[groups];
        var ordinal = _plan.AllColumns.Count;
        var batch = await StreamAsync(sql, parameters,
            reader => ArrowBatchReader.ReadAsync(new RowObservingReader(reader, row => counts[(int)row.GetInt64(ordinal)]++), _plan.AllColumns, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return (batch, counts);
    }

    /// <summary>Split points: every step-th key tuple of the range in key order.</summary>
    public async Task<IReadOnlyList<KeyBound>> QuantileBoundariesAsync(KeyRange range, long step, CancellationToken cancellationToken)
    {
        var (sql, parameters) = _queries.QuantileBoundaries(range, step);
        var columns = _queries.BoundColumns;
        return await QueryAsync(sql, parameters, reader => new KeyBound(Enumerable.Range(0, columns).Select(reader.GetValue).ToArray()),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> NullKeyCountAsync(CancellationToken cancellationToken)
    {
        var (sql, parameters) = _queries.NullKeyCount();
        var rows = await QueryAsync(sql, parameters, reader => reader.GetInt64(0), cancellationToken).ConfigureAwait(false);
        return rows[0];
    }

    /// <summary>Up to <paramref name="limit"/> key values that occur more than once.</summary>
    public async Task<IReadOnlyList<object[]>> DuplicateKeysAsync(int limit, CancellationToken cancellationToken)
    {
        var (sql, parameters) = _queries.DuplicateKeys(limit);
        return await QueryAsync(sql, parameters, ReadKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The in-database row hash of every row of a range, with its key.</summary>
    public async Task<IReadOnlyList<(object[] Key, ulong Hash)>> RowHashesAsync(KeyRange range, CancellationToken cancellationToken)
    {
        var (sql, parameters) = _queries.RowHashes(range);
        var keyCount = _plan.KeyCount;
        return await QueryAsync(sql, parameters, reader => (ReadKey(reader), unchecked((ulong)reader.GetInt64(keyCount))), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first (or last) rows in key order, read as a fetch reads them; with hashes, each row also
    /// carries what the database computed for it (<see cref="RangeQueries.SampleRows"/>).</summary>
    public async Task<RowSample> SampleAsync(int rows, bool lastRows, bool withHashes, CancellationToken cancellationToken)
    {
        var query = _queries.SampleRows(rows, lastRows, withHashes);
        var hashes = new List<SqlRowHashes>();
        var batch = await RunAsync(query.Sql, [], async command =>
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var observed = query.HasHashes ? new RowObservingReader(reader, row => hashes.Add(ReadHashes(row, query))) : (DbDataReader)reader;
            return await ArrowBatchReader.ReadAsync(observed, _plan.AllColumns, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return new RowSample(batch, hashes);
    }

    /// <summary>The first (or last) rows in key order as a fetch reads them, each with the same-engine row hash
    /// the database computed for it (<see cref="SqlRowHashes.RowHash"/>; no per-column hashes).</summary>
    public async Task<RowSample> NativeHashSampleAsync(int rows, bool lastRows, CancellationToken cancellationToken)
    {
        var hashes = new List<SqlRowHashes>();
        var columns = _plan.AllColumns.Count;
        var batch = await RunAsync(_queries.NativeHashSample(rows, lastRows), [], async command =>
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var observed = new RowObservingReader(reader, row => hashes.Add(new SqlRowHashes(unchecked((ulong)row.GetInt64(columns)), [], null)));
            return await ArrowBatchReader.ReadAsync(observed, _plan.AllColumns, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return new RowSample(batch, hashes);
    }

    private SqlRowHashes ReadHashes(DbDataReader reader, SampleQuery query)
    {
        var n = query.ColumnCount;
        var columnHashes = Enumerable.Range(n + 1, n).Select(i => Dialect.ReadChecksum(reader, i)).ToList();
        var texts = query.HasCanonicalText
            ? Enumerable.Range(2 * n + 1, n).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).ToList()
            : null;
        return new SqlRowHashes(Dialect.ReadChecksum(reader, n), columnHashes, texts);
    }

    private object[] ReadKey(DbDataReader reader)
    {
        var key = new object[_plan.KeyCount];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = reader.GetValue(i);
        }

        return key;
    }

    private Task<List<T>> QueryAsync<T>(string sql, IReadOnlyList<object> parameters, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        RunAsync(sql, parameters, async command =>
        {
            var result = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(map(reader));
            }

            return result;
        });

    /// <summary>Runs a query that streams many rows, through the dialect's direct reader when it has one.</summary>
    private async Task<T> StreamAsync<T>(string sql, IReadOnlyList<object> parameters, Func<DbDataReader, Task<T>> consume, CancellationToken cancellationToken)
    {
        DbDataReader? direct;
        try
        {
            direct = Dialect.OpenDirectReader(_connection, sql, parameters, cancellationToken);
        }
        catch (DbException e)
        {
            throw QueryFailed(e);
        }

        if (direct is null)
        {
            return await RunAsync(sql, parameters, async command =>
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await consume(reader).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        await using (direct.ConfigureAwait(false))
        {
            try
            {
                return await consume(direct).ConfigureAwait(false);
            }
            catch (DbException e)
            {
                throw QueryFailed(e);
            }
        }
    }

    private TwinSpinException QueryFailed(DbException e) =>
        new(ErrorCode.QueryFailed, $"A query on the {Side.ToString().ToLowerInvariant()} ({Spec.Table}) failed: " +
            ConnectionStrings.Scrub(e.Message, Spec.ConnectionString) +
            (_filter is null ? string.Empty : $" The query included the -Where condition \"{_filter}\": check it if the error is in it."), e) { Target = Spec.Table };

    private async Task<T> RunAsync<T>(string sql, IReadOnlyList<object> parameters, Func<DbCommand, Task<T>> run)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        if (!_commandTimeoutGiven && _connection is not Microsoft.Data.Sqlite.SqliteConnection)
        {
            // (SQLite's timeout only bounds waiting for a lock; its scans are not limited by it.)
            command.CommandTimeout = 0;
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = Dialect.ParameterName(i);
            parameter.Value = parameters[i];
            command.Parameters.Add(parameter);
        }

        try
        {
            return await run(command).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw QueryFailed(e);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
