using System.Data.Common;
using System.Data.Odbc;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using MySqlConnector;

namespace TwinSpin.Engine.Endpoints;

/// <summary>
/// Which failures are worth a retry on a fresh connection: the connection was reset, closed or killed, the server
/// is starting up or shutting down, a deadlock, a serialization failure or a lock timeout. Syntax, permission and
/// missing-object errors are not: they fail at once. DB2 and Oracle drivers are loaded at run time, so their
/// exceptions are recognized by type name and their SQLSTATE or error number.
/// </summary>
public static class TransientErrors
{
    /// <summary>SQLSTATEs (ISO and PostgreSQL) of transient failures; class 08 (connection exception) as a whole.</summary>
    private static readonly HashSet<string> SqlStates =
    [
        "40001", // serialization failure (PostgreSQL); deadlock or timeout, rolled back (DB2 SQL0911N)
        "40P01", // deadlock detected (PostgreSQL)
        "55P03", // lock not available (PostgreSQL)
        "57P01", // admin shutdown: pg_terminate_backend, or the server stopping
        "57P02", // crash shutdown
        "57P03", // cannot connect now: the server is starting up
        "53300", // too many connections
        "57033", // deadlock or timeout, not rolled back (DB2)
        "HYT00", // timeout expired (ODBC: a lock timeout)
        "HYT01", // connection timeout expired (ODBC)
    ];

    /// <summary>MySQL/MariaDB error numbers: lock wait timeout, deadlock, too many connections, server shutdown, connection
    /// killed, server gone away, connection lost, cannot connect (the server restarting).</summary>
    private static readonly HashSet<int> MySqlNumbers = [1205, 1213, 1040, 1053, 1927, 2002, 2003, 2006, 2013, 1042];

    /// <summary>Oracle error numbers: resource busy, deadlock, initialization or shutdown in progress, not available, end of
    /// file on the communication channel, not connected, lost contact, TNS connection errors.</summary>
    private static readonly HashSet<int> OracleNumbers = [54, 60, 1033, 1034, 1089, 1092, 3113, 3114, 3135, 12170, 12537, 12541, 12543, 12571, 25408];

    /// <summary>True when the failure, or one it wraps, is transient.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is OperationCanceledException)
            {
                return false; // a stop, not a fault
            }

            if (IsTransientItself(e))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTransientItself(Exception e) => e switch
    {
        SocketException or IOException or TimeoutException => true,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        MySqlException mysql => mysql.IsTransient || MySqlNumbers.Contains(mysql.Number),
        OdbcException odbc => odbc.Errors.Cast<OdbcError>().Any(error => IsTransientState(error.SQLState)) ||
            odbc.Errors.Cast<OdbcError>().Any(error => error.Message.Contains("server closed the connection", StringComparison.OrdinalIgnoreCase)),
        DbException db when db.GetType().Name == "OracleException" => OracleNumbers.Contains(Number(db)),
        DbException db => db.IsTransient || IsTransientState(db.SqlState),
        _ => false,
    };

    private static bool IsTransientState(string? sqlState) =>
        sqlState is { Length: 5 } && (sqlState.StartsWith("08", StringComparison.Ordinal) || SqlStates.Contains(sqlState));

    /// <summary>OracleException.Number, read by reflection: the driver is the user's, loaded at run time.</summary>
    private static int Number(DbException e) => e.GetType().GetProperty("Number")?.GetValue(e) is int number ? number : 0;
}
