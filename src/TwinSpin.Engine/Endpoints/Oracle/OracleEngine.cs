using System.Data.Common;

namespace TwinSpin.Engine.Endpoints.Oracle;

public static class OracleEngine
{
    /// <summary>Error numbers: resource busy, deadlock, initialization or shutdown in progress, not available, end of
    /// file on the communication channel, not connected, lost contact, TNS connection errors.</summary>
    private static readonly HashSet<int> TransientNumbers = [54, 60, 1033, 1034, 1089, 1092, 3113, 3114, 3135, 12170, 12537, 12541, 12543, 12571, 25408];

    public static EngineRegistration Registration { get; } = new(
        ProviderKind.Oracle,
        spec => new OracleDialect(spec.DriverPath),
        new CredentialKeywords("User Id", "Password"),
        exception => exception is DbException db && db.GetType().Name == "OracleException" ? TransientNumbers.Contains(Number(db)) : null);

    /// <summary>OracleException.Number, read by reflection: the driver is the user's, loaded at run time.</summary>
    private static int Number(DbException e) => e.GetType().GetProperty("Number")?.GetValue(e) is int number ? number : 0;
}
