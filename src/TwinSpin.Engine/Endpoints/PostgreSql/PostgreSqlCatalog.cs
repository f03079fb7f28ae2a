using System.Data.Common;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Endpoints.PostgreSql;

/// <summary>
/// A PostgreSQL table's columns, primary key and unique indexes, read through Npgsql or an ODBC
/// driver alike: portable catalog queries (no array values cross the wire; ODBC returns them as text).
/// Names match exactly first, then case-insensitively when unique (unquoted names fold to lower case).
/// </summary>
public static class PostgreSqlCatalog
{
    private const string FindTable =
        """
        SELECT n.nspname, c.relname, CAST(c.oid AS bigint)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') AND lower(c.relname) = lower(CAST({0} AS text))
          AND (CAST({1} AS text) IS NULL AND n.oid = ANY (current_schemas(false)::regnamespace[]) OR lower(n.nspname) = lower(CAST({2} AS text)))
        """;

    private const string Columns =
        """
        SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typname, CAST(NOT a.attnotnull AS int),
               COALESCE(array_position(pk.conkey, a.attnum), 0),
               CASE WHEN t.typname IN ('timestamp', 'timestamptz') AND a.atttypmod >= 0 THEN a.atttypmod END
        FROM pg_attribute a
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_constraint pk ON pk.conrelid = a.attrelid AND pk.contype = 'p'
        WHERE a.attrelid = CAST(CAST({0} AS bigint) AS oid) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """;

    /// <summary>One row per column of each plain unique index, in index order.</summary>
    private const string UniqueIndexColumns =
        """
        SELECT CAST(i.indexrelid AS bigint), a.attname
        FROM pg_index i
        CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE i.indrelid = CAST(CAST({0} AS bigint) AS oid) AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
        ORDER BY i.indexrelid, k.ord
        """;

    public static async Task<TableSchema?> ReadSchemaAsync(DbConnection connection, SqlDialect dialect, string table, CancellationToken cancellationToken)
    {
        var parts = SqlDialect.TableNameParts(table);
        var schema = parts.Count > 1 ? parts[0] : null;
        var name = parts[^1];
        var candidates = await CatalogQuery.RunAsync(connection, dialect, FindTable, [name, schema, schema],
            reader => (Schema: reader.GetString(0), Name: reader.GetString(1), Oid: reader.GetInt64(2)), cancellationToken).ConfigureAwait(false);
        var exact = candidates.Where(c => c.Name == name && (schema is null || c.Schema == schema)).ToList();
        var match = exact.Count == 1 ? exact[0] : candidates.Count == 1 ? candidates[0] : default;
        if (match.Name is null)
        {
            return null;
        }

        var columns = await CatalogQuery.RunAsync(connection, dialect, Columns, [match.Oid], reader =>
        {
            var typeName = reader.GetString(2);
            return new ColumnInfo(reader.GetString(0), reader.GetString(1), PostgreSqlDialect.Instance.MapType(typeName),
                Convert.ToInt32(reader.GetValue(3)) != 0, Convert.ToInt32(reader.GetValue(4)))
            {
                FractionalDigits = reader.IsDBNull(5) ? null : Convert.ToInt32(reader.GetValue(5)),
                IsFixedWidth = typeName == "bpchar",
            };
        }, cancellationToken).ConfigureAwait(false);

        var indexColumns = await CatalogQuery.RunAsync(connection, dialect, UniqueIndexColumns, [match.Oid],
            reader => (Index: reader.GetInt64(0), Column: reader.GetString(1)), cancellationToken).ConfigureAwait(false);
        var unique = indexColumns.GroupBy(c => c.Index).Select(g => (IReadOnlyList<string>)g.Select(c => c.Column).ToList()).ToList();
        return new TableSchema($"{match.Schema}.{match.Name}", columns, unique);
    }
}
