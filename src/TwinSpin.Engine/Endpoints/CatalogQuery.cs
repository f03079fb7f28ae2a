using System.Data.Common;
using System.Globalization;

namespace TwinSpin.Engine.Endpoints;

/// <summary>
/// Runs a catalog query whose parameters are written {0}, {1}, ... in textual order, one per
/// occurrence: each dialect names them its own way (@p0 for Npgsql, ? for ODBC), so one query text
/// serves a native provider and an ODBC driver alike.
/// </summary>
public static class CatalogQuery
{
    public static async Task<List<T>> RunAsync<T>(DbConnection connection, SqlDialect dialect, string sql, IReadOnlyList<object?> values,
        Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = string.Format(CultureInfo.InvariantCulture, sql,
            Enumerable.Range(0, values.Count).Select(dialect.ParameterName).Cast<object>().ToArray());
        for (var i = 0; i < values.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = dialect.ParameterName(i);
            parameter.Value = values[i] ?? DBNull.Value;
            if (values[i] is null)
            {
                parameter.DbType = System.Data.DbType.String; // a NULL needs a type for some drivers
            }

            command.Parameters.Add(parameter);
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
