using MySqlConnector;

namespace TwinSpin.Engine.Endpoints.MariaDb;

public static class MariaDbEngine
{
    /// <summary>Error numbers: lock wait timeout, deadlock, too many connections, server shutdown, connection
    /// killed, server gone away, connection lost, cannot connect (the server restarting).</summary>
    private static readonly HashSet<int> TransientNumbers = [1205, 1213, 1040, 1053, 1927, 2002, 2003, 2006, 2013, 1042];

    public static EngineRegistration Registration { get; } = new(
        ProviderKind.MariaDb,
        _ => MariaDbDialect.Instance,
        new CredentialKeywords("User ID", "Password"),
        exception => exception is MySqlException mysql ? mysql.IsTransient || TransientNumbers.Contains(mysql.Number) : null);
}
