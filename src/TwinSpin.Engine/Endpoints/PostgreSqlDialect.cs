using System.Data.Common;
using Npgsql;

namespace TwinSpin.Engine.Endpoints;

/// <summary>PostgreSQL through Npgsql. Sessions run in UTC so time zones never shift a value.</summary>
public sealed class PostgreSqlDialect : CanonicalSqlDialect
{
    public static PostgreSqlDialect Instance { get; } = new();

    public override string Name => "PostgreSQL";

    public override string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public override string ParameterName(int index) => "@p" + index;

    public override string First(string query, int rows) => $"{query} LIMIT {rows}";

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

    public override string KeyComparable(SideColumn column) =>
        column.Type == LogicalType.Text ? $"{QuoteIdentifier(column.Name)} COLLATE \"C\"" : QuoteIdentifier(column.Name);

    private static string UtcTimestamp(string c, SideColumn column) =>
        column.Info.DeclaredType.Contains("with time zone", StringComparison.OrdinalIgnoreCase) ? $"(({c}) AT TIME ZONE 'UTC')" : $"({c})::timestamp";

    protected override string CodePointLengthText(string textExpression) => $"length({textExpression})::text";

    protected override string Concat(IReadOnlyList<string> parts) => "(" + string.Join(" || ", parts) + ")";

    protected override string Md5First64(string textExpression) => $"('x' || substr(md5({textExpression}), 1, 16))::bit(64)::bigint";

    public override string ChecksumAggregate(string rowHashExpression) => $"mod(SUM(({rowHashExpression})::numeric), {TwoToThe64})";

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
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new TwinSpinException(ErrorCode.ConnectionFailed,
                $"Cannot connect to PostgreSQL at {builder.Host}:{builder.Port} (database '{builder.Database}'): {ConnectionStrings.Scrub(e.Message, connectionString)}", e)
            { Target = builder.Host };
        }
    }

    public override async Task<TableSchema?> ReadSchemaAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        var parts = TableNameParts(table);
        var schema = parts.Count > 1 ? parts[0] : null;
        var name = parts[^1];
        // Exact names first, then a unique case-insensitive match (unquoted names fold to lower case).
        const string find =
            """
            SELECT n.nspname, c.relname, c.oid::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') AND lower(c.relname) = lower(@name)
              AND (CAST(@schema AS text) IS NULL AND n.oid = ANY (current_schemas(false)::regnamespace[]) OR lower(n.nspname) = lower(@schema))
            """;
        var candidates = new List<(string Schema, string Name, long Oid)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = find;
            Add(command, "@name", name);
            Add(command, "@schema", (object?)schema ?? DBNull.Value);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                candidates.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            }
        }

        var exact = candidates.Where(c => c.Name == name && (schema is null || c.Schema == schema)).ToList();
        var match = exact.Count == 1 ? exact[0] : candidates.Count == 1 ? candidates[0] : default;
        if (match.Name is null)
        {
            return null;
        }

        var columns = new List<ColumnInfo>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                """
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typname, NOT a.attnotnull,
                       COALESCE(array_position(pk.conkey, a.attnum), 0),
                       CASE WHEN t.typname IN ('timestamp', 'timestamptz') AND a.atttypmod >= 0 THEN a.atttypmod END
                FROM pg_attribute a
                JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_constraint pk ON pk.conrelid = a.attrelid AND pk.contype = 'p'
                WHERE a.attrelid = CAST(@oid AS bigint)::oid AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum
                """;
            Add(command, "@oid", match.Oid);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var declared = reader.GetString(1);
                var typeName = reader.GetString(2);
                columns.Add(new ColumnInfo(reader.GetString(0), declared, MapType(typeName), reader.GetBoolean(3), reader.GetInt32(4))
                {
                    FractionalDigits = reader.IsDBNull(5) ? null : reader.GetInt32(5),
                    IsFixedWidth = typeName == "bpchar",
                });
            }
        }

        var unique = new List<IReadOnlyList<string>>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                """
                SELECT array_agg(a.attname ORDER BY k.ord)
                FROM pg_index i
                CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                WHERE i.indrelid = CAST(@oid AS bigint)::oid AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
                GROUP BY i.indexrelid
                """;
            Add(command, "@oid", match.Oid);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                unique.Add(reader.GetFieldValue<string[]>(0));
            }
        }

        return new TableSchema($"{match.Schema}.{match.Name}", columns, unique);
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

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
