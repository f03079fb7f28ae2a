using System.Data.Common;
using Npgsql;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Endpoints.PostgreSql;

/// <summary>PostgreSQL through Npgsql. Sessions run in UTC so time zones never shift a value.</summary>
public class PostgreSqlDialect : CanonicalSqlDialect
{
    public static PostgreSqlDialect Instance { get; } = new();

    public override string Name => "PostgreSQL";

    public override SqlLiterals Literals => PostgreSqlLiterals.Instance;

    public override string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public override string ParameterName(int index) => "@p" + index;

    public override string First(string query, int rows) => $"{query} LIMIT {rows}";

    public override string? TableSampleClause(double percent, int seed) => $"TABLESAMPLE SYSTEM ({SamplePercent(percent)}) REPEATABLE ({seed})";

    public override string CanonicalText(string c, SideColumn column) => column.Type switch
    {
        LogicalType.Integer => column.Info.Type == LogicalType.Boolean ? $"(({c})::int)::text" : $"({c})::text",
        LogicalType.Decimal => $"trim_scale(({c})::numeric)::text",
        // to_char(EEEE) is C's %e: a sign column for positives is trimmed; -0 + 0 is 0.
        LogicalType.Float => $"(CASE WHEN ({c}) = 'NaN'::float8 THEN 'nan' WHEN ({c}) = 'Infinity'::float8 THEN 'inf' " +
                             $"WHEN ({c}) = '-Infinity'::float8 THEN '-inf' ELSE ltrim(to_char(({c})::float8 + 0, '9.99999999999999EEEE')) END)",
        LogicalType.Text => $"({c})::text",
        LogicalType.Boolean => $"(CASE WHEN ({c})::boolean THEN '1' ELSE '0' END)",
        LogicalType.Date => $"to_char(({c})::date, 'YYYY-MM-DD')",
        LogicalType.Timestamp => $"to_char({UtcTimestamp(c, column)}, 'YYYY-MM-DD HH24:MI:SS.US')",
        LogicalType.Binary => $"encode(({c})::bytea, 'hex')",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, null),
    };

    /// <summary>upper() under the "C" collation changes ASCII letters only.</summary>
    protected override string AsciiUpper(string textExpression) => $"upper(({textExpression}) COLLATE \"C\")";

    /// <summary>
    /// Text under the "C" collation (code point order). A uuid takes no collation, and its own order is already
    /// that of its text (lowercase hex digits), so it is compared as it is, through its index. Other types compared
    /// as text take no collation either (an enum, inet, jsonb): they are compared as their text, in code point order
    /// (not through an index).
    /// </summary>
    public override string KeyComparable(SideColumn column) => TextKind(column) switch
    {
        TextKeyKind.Collatable => $"{QuoteIdentifier(column.Name)} COLLATE \"C\"",
        TextKeyKind.OtherType => $"({QuoteIdentifier(column.Name)})::text COLLATE \"C\"",
        _ => QuoteIdentifier(column.Name),
    };

    private static string UtcTimestamp(string c, SideColumn column) =>
        column.Info.DeclaredType.Contains("with time zone", StringComparison.OrdinalIgnoreCase) ? $"(({c}) AT TIME ZONE 'UTC')" : $"({c})::timestamp";

    protected override string CodePointLengthText(string textExpression) => $"length({textExpression})::text";

    protected override string Concat(IReadOnlyList<string> parts) => "(" + string.Join(" || ", parts) + ")";

    protected override string Md5First64(string textExpression) => $"('x' || substr(md5({textExpression}), 1, 16))::bit(64)::bigint";

    /// <summary>PostgreSQL's own hash functions, one per column on its stored value (no text is built), XORed with a
    /// seed per column position so equal values in two columns do not cancel. Types without a hash function of their
    /// own hash their text form, which depends on session settings: the self-check compares both sides.</summary>
    public override string? NativeHashName => "postgresql-typed-hash";

    // OFFSET 0 keeps the subquery from being flattened: flattened, PostgreSQL sorts (or hashes) entire rows into
    // the groups it expects by the million, spilling to disk, and computes the hashes afterwards.
    public override string MaterializeDerivedTable => " OFFSET 0";

    public override string NativeRowHashExpression(IReadOnlyList<SideColumn> columns) =>
        "(" + string.Join(" # ", columns.Select((c, i) => $"COALESCE({NativeColumnHash(c, i + 1)}, {-(i + 1)})")) + ")";

    private string NativeColumnHash(SideColumn column, int seed)
    {
        var c = QuoteIdentifier(column.Name);
        var declared = column.Info.DeclaredType.ToLowerInvariant();
        var baseType = declared.Split('(')[0].Trim();
        return baseType switch
        {
            "smallint" or "integer" or "bigint" => $"hashint8extended({c}::bigint, {seed})",
            "real" or "double precision" => $"hashfloat8extended({c}::float8, {seed})",
            "numeric" => $"hash_numeric_extended({c}, {seed})",
            "text" or "character varying" or "character" or "varchar" or "char" or "bpchar" or "name" => $"hashtextextended({c}::text, {seed})",
            "timestamp without time zone" or "timestamp with time zone" or "timestamp" or "timestamptz" =>
                $"timestamp_hash_extended({c}::timestamp, {seed})",
            "date" => $"hashint8extended(({c} - DATE '2000-01-01')::bigint, {seed})",
            "boolean" => $"hashint8extended({c}::int::bigint, {seed})",
            "uuid" => $"uuid_hash_extended({c}, {seed})",
            "bytea" => $"hashtextextended(encode({c}, 'hex'), {seed})",
            _ when baseType.StartsWith("timestamp", StringComparison.Ordinal) => $"timestamp_hash_extended({c}::timestamp, {seed})",
            _ => $"hashtextextended({c}::text, {seed})",
        };
    }

    // SUM(bigint) accumulates exactly in 128 bits; the modulo runs once per bucket, not per row.
    public override string NativeChecksumAggregate(string rowHashExpression) =>
        $"mod(mod(SUM({rowHashExpression}), {TwoToThe64}) + {TwoToThe64}, {TwoToThe64})";

    public override string ChecksumAggregate(string rowHashExpression) => $"mod(SUM(({rowHashExpression})::numeric), {TwoToThe64})";

    /// <summary>A char(n) key is read padded and sent as text; compared as text with the column, the column would
    /// lose its padding and match nothing. As bpchar, both sides ignore trailing spaces. A key of another type
    /// compared as text (an enum read as its label) is cast back to its own type.</summary>
    public override string KeyEqualityOperand(SideColumn column, string placeholder) =>
        column.Info.IsFixedWidth ? $"CAST({placeholder} AS bpchar)"
        : TextKind(column) == TextKeyKind.OtherType ? $"CAST({placeholder} AS {column.Info.DeclaredType})"
        : KeyParameter(column, placeholder);

    /// <summary>Split points as the key is compared (see <see cref="KeyComparable"/>): a uuid has no comparison with the
    /// text another engine gives, and a type compared as its text is compared with text.</summary>
    public override string KeyParameter(SideColumn column, string placeholder) => TextKind(column) switch
    {
        TextKeyKind.Uuid => $"CAST({placeholder} AS uuid)",
        TextKeyKind.OtherType => $"CAST({placeholder} AS text)",
        _ => placeholder,
    };

    private enum TextKeyKind
    {
        NotText,
        Collatable,
        Uuid,
        OtherType,
    }

    /// <summary>How a column compared as text is ordered as a key: by its collatable text, as a uuid, or (any other
    /// type) through its text.</summary>
    private static TextKeyKind TextKind(SideColumn column)
    {
        if (column.Type != LogicalType.Text)
        {
            return TextKeyKind.NotText;
        }

        var baseType = column.Info.DeclaredType.Split('(')[0].Trim().ToLowerInvariant();
        return baseType switch
        {
            "text" or "character varying" or "varchar" or "character" or "char" or "bpchar" or "\"char\"" or "name" or "citext" => TextKeyKind.Collatable,
            "uuid" => TextKeyKind.Uuid,
            _ => TextKeyKind.OtherType,
        };
    }

    /// <summary>Exact decimals travel as text (numeric overflows System.Decimal); zoned timestamps in UTC.</summary>
    public override string SelectExpression(SideColumn column)
    {
        var c = QuoteIdentifier(column.Name);
        return column.Type switch
        {
            LogicalType.Decimal => $"trim_scale(({c})::numeric)::text AS {c}",
            LogicalType.Timestamp => $"{UtcTimestamp(c, column)} AS {c}",
            // bpchar without its padding, uuid and json as their text.
            LogicalType.Text => $"({c})::text AS {c}",
            _ => c,
        };
    }

    public override async Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString) { Timezone = "UTC" };
        }
        catch (ArgumentException e)
        {
            throw new TwinSpinException(ErrorCode.ConnectionFailed, "The PostgreSQL connection string is not valid: " + ConnectionStrings.Scrub(e.Message, connectionString), e);
        }

        var connection = new NpgsqlConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new TwinSpinException(ErrorCode.ConnectionFailed,
                $"Cannot connect to PostgreSQL at {builder.Host}:{builder.Port} (database '{builder.Database}'): {ConnectionStrings.Scrub(e.Message, connectionString)}", e)
            { Target = builder.Host };
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = OptimizedJitStatement;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new TwinSpinException(ErrorCode.ConnectionFailed,
                $"Connected to PostgreSQL at {builder.Host}:{builder.Port} (database '{builder.Database}') but could not prepare the session: {ConnectionStrings.Scrub(e.Message, connectionString)}", e)
            { Target = builder.Host };
        }
    }

    /// <summary>
    /// Run on every session (pooled sessions are reset on reuse): where the server JIT-compiles a query at all, it
    /// also optimizes it. A hashing scan calls a dozen functions per row, and optimized code pays for its compilation
    /// from the smallest scan the server compiles (1M rows: 390 against 460 ms), while the default waits for five times
    /// that cost. The server's own jit and jit_above_cost decide as before; a server without the setting (before 11)
    /// changes nothing, as set_config runs only on a row pg_settings has.
    /// </summary>
    internal const string OptimizedJitStatement =
        "SELECT set_config(name, '0', false) FROM pg_settings WHERE name = 'jit_optimize_above_cost'";

    public override Task<TableSchema?> ReadSchemaAsync(DbConnection connection, string table, CancellationToken cancellationToken) =>
        PostgreSqlCatalog.ReadSchemaAsync(connection, this, table, cancellationToken);

    /// <summary>pg_class.reltuples, kept by VACUUM and ANALYZE; null while the table has never been analyzed
    /// (PostgreSQL 14 and later say so with -1).</summary>
    public override async Task<long?> EstimateRowsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        var rows = await CatalogQuery.RunAsync(connection, this,
            "SELECT CAST(c.reltuples AS bigint) FROM pg_class c WHERE c.oid = to_regclass(CAST({0} AS text))", [QuoteTable(table)],
            reader => reader.GetInt64(0), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 || rows[0] < 0 ? null : rows[0];
    }

    /// <summary>Maps PostgreSQL's type names (pg_type.typname).</summary>
    public override LogicalType MapType(string declaredType) => declaredType switch
    {
        "int2" or "int4" or "int8" or "oid" => LogicalType.Integer,
        "numeric" or "money" => LogicalType.Decimal,
        "float4" or "float8" => LogicalType.Float,
        "bool" => LogicalType.Boolean,
        "date" => LogicalType.Date,
        "timestamp" or "timestamptz" => LogicalType.Timestamp,
        "bytea" => LogicalType.Binary,
        _ => LogicalType.Text, // text, varchar, bpchar, name, uuid, json, ... compared as their text
    };

}
