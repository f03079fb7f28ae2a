using System.Data.Common;
using System.Data.Odbc;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Endpoints.Odbc;

/// <summary>
/// Opens an ODBC connection through the platform's driver manager (unixODBC, Windows' ODBC) and tells
/// which database answered. Every failure is a <see cref="TwinSpinException"/> whose message carries
/// no secret of the connection string.
/// </summary>
public static class OdbcConnector
{
    /// <summary>Seconds a login may take: a server that does not answer fails instead of hanging.</summary>
    public const int LoginTimeoutSeconds = 15;

    public static async Task<OdbcConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var where = ConnectionStrings.Redact(connectionString, odbcSyntax: true);
        OdbcConnection connection;
        try
        {
            connection = new OdbcConnection(connectionString) { ConnectionTimeout = LoginTimeoutSeconds };
        }
        catch (ArgumentException)
        {
            // The parser's message quotes the string, secrets included: say only what is wrong.
            throw new TwinSpinException(ErrorCode.ConnectionFailed,
                "The ODBC connection string is not valid: it must be 'key=value' pairs separated by ';' (enclose values that contain ';' in braces).");
        }
        catch (Exception e) when (IsDriverManagerMissing(e))
        {
            throw DriverManagerMissing(e);
        }

        try
        {
            // OdbcConnection.Open blocks: run it off the caller's thread so cancellation is observed.
            await Task.Run(connection.Open, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (OdbcException e)
        {
            connection.Dispose();
            var hint = IsMissingDriverOrDataSource(e)
                ? " The driver or data source name is not installed: 'odbcinst -q -d' lists the drivers and 'odbcinst -q -s' the data sources."
                : string.Empty;
            throw new TwinSpinException(ErrorCode.ConnectionFailed,
                $"Cannot connect through ODBC ({where}): {Scrub(e.Message, connectionString)}{hint}", e) { Target = where };
        }
        catch (Exception e) when (IsDriverManagerMissing(e))
        {
            connection.Dispose();
            throw DriverManagerMissing(e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            connection.Dispose();
            throw new TwinSpinException(ErrorCode.ConnectionFailed,
                $"Cannot connect through ODBC ({where}): {Scrub(e.Message, connectionString)}", e) { Target = where };
        }
        catch (OperationCanceledException)
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Secrets removed as <see cref="ConnectionStrings.Scrub"/> does, and also as ODBC spells them:
    /// a braced value ({...}) is the secret without its braces.</summary>
    public static string Scrub(string message, string connectionString)
    {
        message = ConnectionStrings.Scrub(message, connectionString);
        try
        {
            var builder = new DbConnectionStringBuilder(useOdbcRules: true) { ConnectionString = connectionString };
            foreach (var name in builder.Keys.Cast<string>())
            {
                if (name.Trim() is var key && (key.Equals("pwd", StringComparison.OrdinalIgnoreCase) || key.Equals("password", StringComparison.OrdinalIgnoreCase)) &&
                    builder[name]?.ToString() is { Length: > 0 } secret)
                {
                    message = message.Replace(secret, "***", StringComparison.Ordinal);
                    if (secret.Length > 2 && secret[0] == '{' && secret[^1] == '}')
                    {
                        message = message.Replace(secret[1..^1].Replace("}}", "}", StringComparison.Ordinal), "***", StringComparison.Ordinal);
                    }
                }
            }
        }
        catch (ArgumentException)
        {
            // Not parseable by ODBC's rules either: the generic scrub is all there is.
        }

        return message;
    }

    /// <summary>System.Data.Odbc binds libodbc (unixODBC) when it first needs it.</summary>
    private static bool IsDriverManagerMissing(Exception e) => e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException;

    private static TwinSpinException DriverManagerMissing(Exception e) => new(ErrorCode.DriverNotFound,
        "The ODBC driver manager is not installed: install unixODBC (libodbc.so.2, Debian package 'unixodbc') and the database's ODBC driver.", e);

    /// <summary>IM002: no such data source; IM003, or unixODBC's "Can't open lib" (01000): the driver is not
    /// registered or its library cannot be loaded.</summary>
    private static bool IsMissingDriverOrDataSource(OdbcException e) =>
        e.Errors.Cast<OdbcError>().Any(error => error.SQLState is "IM002" or "IM003" ||
            error.Message.Contains("Can't open lib", StringComparison.Ordinal));

    /// <summary>The database product behind the driver (SQL_DBMS_NAME), or the driver's file name when the
    /// driver does not say.</summary>
    public static string ProductName(OdbcConnection connection)
    {
        try
        {
            using var information = connection.GetSchema(DbMetaDataCollectionNames.DataSourceInformation);
            if (information.Rows.Count > 0 &&
                information.Rows[0][DbMetaDataColumnNames.DataSourceProductName] is string { Length: > 0 } product)
            {
                return product;
            }
        }
        catch (Exception e) when (e is OdbcException or InvalidOperationException or ArgumentException)
        {
            // Some drivers implement SQLGetInfo partially: the driver's name is the next best witness.
        }

        return connection.Driver;
    }
}
