using System.Collections.Concurrent;
using System.Data.Common;

namespace TwinSpin.Engine.Endpoints;

/// <summary>
/// What differs between databases: quoting, parameters, the in-database row hash and checksum,
/// first-n syntax, schema discovery and how a connection is opened. Query shapes are built from
/// these pieces by <see cref="RangeQueries"/> and are the same for every dialect.
/// </summary>
public abstract class SqlDialect
{
    public abstract string Name { get; }

    /// <summary>How values are written into repair scripts' SQL.</summary>
    public virtual SqlLiterals Literals => SqlLiterals.Standard;

    public abstract string QuoteIdentifier(string name);

    /// <summary>Quotes each part of a possibly schema-qualified table name.</summary>
    public virtual string QuoteTable(string table) =>
        string.Join(".", TableNameParts(table).Select(QuoteIdentifier));

    public static IReadOnlyList<string> TableNameParts(string table) =>
        table.Split('.', StringSplitOptions.TrimEntries);

    public abstract string ParameterName(int index);

    /// <summary>False when this connection cannot compute the hash contract in SQL (an ODBC driver over
    /// SQLite cannot register functions, say): the pair is then compared by fetching rows.</summary>
    public virtual bool CanChecksum => true;

    /// <summary>SQL for the 64-bit row hash of the hash contract over these columns (in order).</summary>
    public abstract string RowHashExpression(IReadOnlyList<SideColumn> columns);

    /// <summary>The database runs in this process: grouping rows into buckets costs the engine less than a
    /// GROUP BY (which sorts), and the rows cross no network (<see cref="RangeQueries.BucketRows"/>).</summary>
    public virtual bool GroupsBucketsInProcess => false;

    /// <summary>Appended to the derived table of a grouped bucket query so the planner computes each row's bucket
    /// and hash before grouping instead of sorting or hashing whole rows (empty: the planner needs no hint).</summary>
    public virtual string MaterializeDerivedTable => string.Empty;

    /// <summary>A reader for a row-streaming query that bypasses the provider's per-value overhead, or null to use the
    /// provider's own (<see cref="SqliteStatementReader"/>).</summary>
    public virtual DbDataReader? OpenDirectReader(DbConnection connection, string sql, IReadOnlyList<object> parameters, CancellationToken cancellationToken) =>
        null;

    /// <summary>Names the engine's own cheaper row hash for pairs of the same engine (null: it has none). Two
    /// sides use it only when they name the same hash and the same-engine self-check proves that rows the
    /// engine finds equal hash equal on both (<see cref="Runner.SameEngineHashCheck"/>).</summary>
    public virtual string? NativeHashName => null;

    /// <summary>The same-engine row hash of the columns, as a signed 64-bit integer.</summary>
    public virtual string NativeRowHashExpression(IReadOnlyList<SideColumn> columns) =>
        throw new NotSupportedException($"{Name} has no same-engine row hash.");

    /// <summary>The order-independent sum of same-engine row hashes.</summary>
    public virtual string NativeChecksumAggregate(string rowHashExpression) => ChecksumAggregate(rowHashExpression);

    /// <summary>A key column as range predicates and key ordering compare it: in code point order
    /// (binary collation), so a range holds the same keys on every engine.</summary>
    public virtual string KeyComparable(SideColumn column) => QuoteIdentifier(column.Name);

    /// <summary>False when text keys cannot be compared in code point order here (EBCDIC on DB2 for z/OS):
    /// key ranges with text keys are then cut over a hash of the key instead.</summary>
    public virtual bool OrdersTextByCodePoint => true;

    /// <summary>2^60: hash partitions live in [0, 2^60), positive in every engine's integer types.</summary>
    public const long HashPartitionSpace = 1L << 60;

    /// <summary>
    /// The key's partition hash: the hash contract's row hash of the key columns, reduced to [0, 2^60).
    /// Signed and unsigned readings of the 64-bit hash agree modulo 2^60, so every engine places a key
    /// in the same partition whatever its collation or character set.
    /// </summary>
    public virtual string PartitionHashExpression(IReadOnlyList<SideColumn> keyColumns)
    {
        var space = HashPartitionSpace.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Modulo($"({Modulo(RowHashExpression(keyColumns), space)} + {space})", space);
    }

    /// <summary>How a column is selected when rows are fetched (a dialect may convert it, e.g. exact
    /// decimals to text so no driver type overflows).</summary>
    public virtual string SelectExpression(SideColumn column) => QuoteIdentifier(column.Name);

    /// <summary>SQL aggregate summing row hashes; the engine reduces the result modulo 2^64.</summary>
    public abstract string ChecksumAggregate(string rowHashExpression);

    /// <summary>Reads a checksum column as an unsigned 64-bit value (modulo 2^64).</summary>
    public abstract ulong ReadChecksum(DbDataReader reader, int ordinal);

    /// <summary>Wraps a query so it returns at most <paramref name="rows"/> rows.</summary>
    public abstract string First(string query, int rows);

    /// <summary>The clause written after the table name that makes the database read only about <paramref name="percent"/>
    /// percent of the table, reproducibly for one <paramref name="seed"/> (PostgreSQL and DB2 <c>TABLESAMPLE SYSTEM</c>, Oracle
    /// <c>SAMPLE BLOCK</c>: whole pages, without scanning the rest); null when this dialect has none (Sampling then seeks or scans).</summary>
    public virtual string? TableSampleClause(double percent, int seed) => null;

    /// <summary>A sampling percentage as SQL text: invariant, at most six decimals, at least 0.000001.</summary>
    protected static string SamplePercent(double percent) =>
        Math.Clamp(percent, 0.000001, 100).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Remainder of an integer division (MOD(a, b) or a % b).</summary>
    public virtual string Modulo(string dividend, string divisor) => $"MOD({dividend}, {divisor})";

    /// <summary>The bucket of an integer key among buckets <paramref name="width"/> wide from <paramref name="origin"/>:
    /// (key - origin) / width in integer arithmetic (the key is at least origin + width where it is used).</summary>
    public virtual string IntegerBucket(string key, string origin, string width) => $"((CAST({key} AS BIGINT) - {origin}) / {width})";

    public abstract Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken);

    /// <summary>A connection that may write: only a repair applied asks for one (endpoints are otherwise only read).</summary>
    public virtual Task<DbConnection> OpenForWritingAsync(string connectionString, CancellationToken cancellationToken) =>
        OpenAsync(connectionString, cancellationToken);

    /// <summary>Columns, key and unique column sets of a table; null when the table does not exist.</summary>
    public abstract Task<TableSchema?> ReadSchemaAsync(DbConnection connection, string table, CancellationToken cancellationToken);

    public abstract LogicalType MapType(string declaredType);

    /// <summary>The number of rows the database's statistics give the table, without counting them; null
    /// when it keeps none (never analyzed) or this dialect cannot ask. An estimate: it may be stale.</summary>
    public virtual Task<long?> EstimateRowsAsync(DbConnection connection, string table, CancellationToken cancellationToken) =>
        Task.FromResult<long?>(null);

    /// <summary>A bound key value as its key column is compared with it in range predicates. Split points of one
    /// side are bound on the other, so a value may come from another engine (text where this one has a uuid).</summary>
    public virtual string KeyParameter(SideColumn column, string placeholder) => placeholder;

    /// <summary>A bound key value (read from the column and sent back as the driver sends it) as compared for
    /// equality with its column when rows are fetched by key.</summary>
    public virtual string KeyEqualityOperand(SideColumn column, string placeholder) => KeyParameter(column, placeholder);

    /// <summary>A key value as a command parameter value.</summary>
    public virtual object ToParameter(object keyValue) => keyValue switch
    {
        int i => (long)i,
        short s => (long)s,
        _ => keyValue,
    };

    /// <summary>The dialect for an endpoint. Stateless dialects are shared; ODBC, DB2 and Oracle get an
    /// instance per connection (the dialect behind an ODBC driver is detected when it connects; DB2 and
    /// Oracle load their driver from the endpoint's driver path).</summary>
    public static SqlDialect For(EndpointSpec spec) =>
        Overrides.TryGetValue(spec.ConnectionString, out var substitute) ? substitute : Create(spec);

    private static SqlDialect Create(EndpointSpec spec) => Engines.For(spec.Provider).CreateDialect(spec);

    /// <summary>Dialects substituted by connection string, for tests only: a deliberately wrong dialect is how
    /// a test produces a real disagreement with the hash contract. Keyed by connection string so tests that
    /// run in parallel never see each other's substitutes.</summary>
    internal static ConcurrentDictionary<string, SqlDialect> Overrides { get; } = new(StringComparer.Ordinal);
}
