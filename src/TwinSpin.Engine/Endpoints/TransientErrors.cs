using System.Data.Common;
using System.Net.Sockets;

namespace TwinSpin.Engine.Endpoints;

/// <summary>
/// Which failures are worth a retry on a fresh connection: the connection was reset, closed or killed, the server
/// is starting up or shutting down, a deadlock, a serialization failure or a lock timeout. Syntax, permission and
/// missing-object errors are not: they fail at once. Each engine's registration knows its own driver's errors
/// (<see cref="EngineRegistration.ClassifyTransient"/>); the rules here are those every driver shares.
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

    private static bool IsTransientItself(Exception e)
    {
        foreach (var engine in Engines.All)
        {
            if (engine.ClassifyTransient(e) is { } transient)
            {
                return transient;
            }
        }

        return e switch
        {
            SocketException or IOException or TimeoutException => true,
            DbException db => db.IsTransient || IsTransientState(db.SqlState),
            _ => false,
        };
    }

    /// <summary>True for a SQLSTATE of class 08 (connection exception) or one of the transient states above.</summary>
    public static bool IsTransientState(string? sqlState) =>
        sqlState is { Length: 5 } && (sqlState.StartsWith("08", StringComparison.Ordinal) || SqlStates.Contains(sqlState));
}
