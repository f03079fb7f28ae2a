using System.Data.Common;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Endpoints.Sqlite;

/// <summary>
/// A SQLite table's columns, primary key and unique indexes from its pragmas, read through
/// Microsoft.Data.Sqlite or the SQLite ODBC driver alike.
/// </summary>
public static class SqliteCatalog
{
    public static async Task<TableSchema?> ReadSchemaAsync(DbConnection connection, SqlDialect dialect, string table, CancellationToken cancellationToken)
    {
        var parts = SqlDialect.TableNameParts(table);
        var (schema, name) = parts.Count > 1 ? (parts[0], parts[1]) : ("main", parts[0]);
        var columns = await CatalogQuery.RunAsync(connection, dialect, "SELECT name, type, \"notnull\", pk FROM pragma_table_info({0}, {1}) ORDER BY cid", [name, schema],
            reader =>
            {
                var declared = reader.GetString(1);
                return new ColumnInfo(reader.GetString(0), declared, SqliteDialect.Instance.MapType(declared),
                    Convert.ToInt64(reader.GetValue(2)) == 0, Convert.ToInt32(reader.GetValue(3)))
                {
                    FractionalDigits = SqliteDialect.FractionalDigits(declared),
                };
            }, cancellationToken).ConfigureAwait(false);
        if (columns.Count == 0)
        {
            return null;
        }

        var unique = new List<IReadOnlyList<string>>();
        var primaryKey = columns.Where(c => c.PrimaryKeyOrdinal > 0).OrderBy(c => c.PrimaryKeyOrdinal).Select(c => c.Name).ToList();
        if (primaryKey.Count > 0)
        {
            unique.Add(primaryKey);
        }

        var indexes = await CatalogQuery.RunAsync(connection, dialect, "SELECT name FROM pragma_index_list({0}, {1}) WHERE \"unique\" = 1 AND partial = 0", [name, schema],
            reader => reader.GetString(0), cancellationToken).ConfigureAwait(false);
        foreach (var index in indexes)
        {
            var indexColumns = await CatalogQuery.RunAsync(connection, dialect, "SELECT name FROM pragma_index_info({0}, {1}) ORDER BY seqno", [index, schema],
                reader => reader.IsDBNull(0) ? null : reader.GetString(0), cancellationToken).ConfigureAwait(false);
            // An expression index proves nothing about the columns.
            if (indexColumns.Count > 0 && indexColumns.All(c => c is not null))
            {
                unique.Add(indexColumns.Select(c => c!).ToList());
            }
        }

        return new TableSchema(table, columns, unique);
    }
}
