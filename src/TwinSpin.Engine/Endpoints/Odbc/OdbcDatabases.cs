using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Endpoints.PostgreSql;
using TwinSpin.Engine.Endpoints.Sqlite;
namespace TwinSpin.Engine.Endpoints.Odbc;

/// <summary>
/// Which SQL dialect speaks for the database behind an ODBC driver: named by the endpoint's Dialect
/// option, or recognized from the product name the driver reports. Only databases whose SQL, values
/// and catalog TwinSpin knows through ODBC are accepted; any other fails before a query is sent.
/// </summary>
public static class OdbcDatabases
{
    /// <summary>The dialect a -Dialect option names (case-insensitive).</summary>
    public static SqlDialect FromOption(string option) => option.Trim().ToUpperInvariant() switch
    {
        "POSTGRESQL" => PostgreSqlDialect.Instance,
        "SQLITE" => SqliteDialect.Instance,
        "MARIADB" or "DB2" or "DB2ZOS" or "ORACLE" => throw Unsupported(option),
        _ => throw new TwinSpinException(ErrorCode.InvalidArgument,
            $"'{option}' is not a dialect TwinSpin knows; the ODBC provider takes PostgreSql or Sqlite (or no -Dialect, to detect it)."),
    };

    /// <summary>The dialect of a product as the driver names it (SQL_DBMS_NAME, or the driver's file name).</summary>
    public static SqlDialect FromProduct(string productName)
    {
        if (productName.Contains("PostgreSQL", StringComparison.OrdinalIgnoreCase) || productName.Contains("psqlodbc", StringComparison.OrdinalIgnoreCase))
        {
            return PostgreSqlDialect.Instance;
        }

        if (productName.Contains("SQLite", StringComparison.OrdinalIgnoreCase))
        {
            return SqliteDialect.Instance;
        }

        throw Unsupported(productName);
    }

    private static TwinSpinException Unsupported(string database) => new(ErrorCode.ProviderNotSupported,
        $"TwinSpin cannot compare tables through ODBC on '{database}' yet: the ODBC provider knows PostgreSQL and SQLite. " +
        "Use the database's own provider where TwinSpin has one.");
}
