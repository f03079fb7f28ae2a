using System.Data.Common;
using System.Data.Odbc;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Endpoints.PostgreSql;
using TwinSpin.Engine.Endpoints.Sqlite;

namespace TwinSpin.Engine.Endpoints.Odbc;

/// <summary>
/// Any ODBC driver over a database TwinSpin knows. One instance per connection: the database behind
/// the driver is named by the endpoint's Dialect option or detected when the connection opens, and
/// that database's dialect (the inner dialect) writes the SQL; this class adds what ODBC changes:
/// positional '?' parameters, catalog reading through the driver, and, over SQLite, values decoded
/// past the driver's typing (<see cref="OdbcSqliteValues"/>) with no in-database checksum (the SQLite
/// ODBC driver cannot register the hash functions), so such a pair is compared by fetching rows.
/// </summary>
public sealed class OdbcDialect : SqlDialect
{
    private SqlDialect? _inner;

    /// <param name="option">The endpoint's Dialect option; null to detect the database when connecting.</param>
    public OdbcDialect(string? option)
    {
        _inner = string.IsNullOrWhiteSpace(option) ? null : OdbcDatabases.FromOption(option);
    }

    /// <summary>The dialect of the database behind the driver: known once a connection is open (or from the option).</summary>
    public SqlDialect Inner => _inner ?? throw new InvalidOperationException("The database behind the ODBC driver is known once the connection is open.");

    public override string Name => _inner is null ? "ODBC" : $"ODBC/{_inner.Name}";

    public override bool CanChecksum => Inner is not SqliteDialect;

    public override SqlLiterals Literals => Inner.Literals;

    public override string QuoteIdentifier(string name) => Inner.QuoteIdentifier(name);

    public override string QuoteTable(string table) => Inner.QuoteTable(table);

    /// <summary>ODBC binds parameters by position; every query of <see cref="RangeQueries"/> binds them in textual order.</summary>
    public override string ParameterName(int index) => "?";

    public override string RowHashExpression(IReadOnlyList<SideColumn> columns) => Inner.RowHashExpression(columns);

    public override string KeyComparable(SideColumn column) => Inner.KeyComparable(column);

    public override string SelectExpression(SideColumn column) => Inner switch
    {
        SqliteDialect => OdbcSqliteValues.TaggedSelect(column.Name),
        // Doubles travel as their exact text (the session sets extra_float_digits = 3), so no driver
        // setting or conversion can round them.
        PostgreSqlDialect when column.Type == LogicalType.Float =>
            $"({QuoteIdentifier(column.Name)})::float8::text AS {QuoteIdentifier(column.Name)}",
        _ => Inner.SelectExpression(column),
    };

    public override string? NativeHashName => CanChecksum ? Inner.NativeHashName : null;

    public override string MaterializeDerivedTable => Inner.MaterializeDerivedTable;

    public override string NativeRowHashExpression(IReadOnlyList<SideColumn> columns) => Inner.NativeRowHashExpression(columns);

    public override string NativeChecksumAggregate(string rowHashExpression) => Inner.NativeChecksumAggregate(rowHashExpression);

    public override string ChecksumAggregate(string rowHashExpression) => Inner.ChecksumAggregate(rowHashExpression);

    public override ulong ReadChecksum(DbDataReader reader, int ordinal) => Inner.ReadChecksum(reader, ordinal);

    public override string First(string query, int rows) => Inner.First(query, rows);

    public override string? TableSampleClause(double percent, int seed) => Inner.TableSampleClause(percent, seed);

    public override string Modulo(string dividend, string divisor) => Inner.Modulo(dividend, divisor);

    public override string IntegerBucket(string key, string origin, string width) => Inner.IntegerBucket(key, origin, width);

    public override LogicalType MapType(string declaredType) => Inner.MapType(declaredType);

    public override object ToParameter(object keyValue) => Inner.ToParameter(keyValue);

    public override async Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = await OdbcConnector.OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
        try
        {
            _inner ??= OdbcDatabases.FromProduct(OdbcConnector.ProductName(connection));
            if (_inner is PostgreSqlDialect)
            {
                // As the native provider does: no session time zone shifts a value, floats as exact text, and
                // JIT-compiled scans optimized.
                foreach (var setting in new[] { "SET TIME ZONE 'UTC'", "SET extra_float_digits = 3", PostgreSqlDialect.OptimizedJitStatement })
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = setting;
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return _inner is SqliteDialect ? new OdbcSqliteConnection(connection) : connection;
        }
        catch (OdbcException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new TwinSpinException(ErrorCode.ConnectionFailed,
                $"Connected through ODBC ({ConnectionStrings.Redact(connectionString, odbcSyntax: true)}) but could not prepare the session: {OdbcConnector.Scrub(e.Message, connectionString)}", e);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async Task<TableSchema?> ReadSchemaAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        try
        {
            return Inner switch
            {
                PostgreSqlDialect => await PostgreSqlCatalog.ReadSchemaAsync(connection, this, table, cancellationToken).ConfigureAwait(false),
                SqliteDialect => await SqliteCatalog.ReadSchemaAsync(connection, this, table, cancellationToken).ConfigureAwait(false),
                _ => throw new TwinSpinException(ErrorCode.ProviderNotSupported, $"TwinSpin cannot read table definitions through ODBC on {Inner.Name} yet."),
            };
        }
        catch (DbException e)
        {
            throw new TwinSpinException(ErrorCode.QueryFailed,
                $"Reading the definition of table '{table}' through ODBC failed: {e.Message}", e) { Target = table };
        }
    }
}
