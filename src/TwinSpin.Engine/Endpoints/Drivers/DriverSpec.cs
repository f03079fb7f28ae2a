namespace TwinSpin.Engine.Endpoints.Drivers;

/// <summary>
/// A database driver TwinSpin cannot ship (its licence or its native parts keep it out of deps/):
/// which assembly holds which factory type, the environment variable that may point at it, and what
/// to tell a user who has not installed it.
/// </summary>
public sealed record DriverSpec(string ProviderName, string AssemblyFileName, string FactoryTypeName, string EnvironmentVariable, string InstallHint)
{
    public static DriverSpec Db2 { get; } = new(
        "Db2",
        "IBM.Data.Db2.dll",
        "IBM.Data.Db2.DB2Factory",
        "TWINSPIN_DB2_DRIVER",
        "Install IBM's .NET driver: the NuGet package Net.IBM.Data.Db2 (Windows), Net.IBM.Data.Db2-lnx (Linux) or " +
        "Net.IBM.Data.Db2-osx (macOS), which brings the native clidriver folder; publish it into a folder " +
        "(see docs/provider-db2-oracle.md) and on Linux add <folder>/clidriver/lib to LD_LIBRARY_PATH.");

    public static DriverSpec Oracle { get; } = new(
        "Oracle",
        "Oracle.ManagedDataAccess.dll",
        "Oracle.ManagedDataAccess.Client.OracleClientFactory",
        "TWINSPIN_ORACLE_DRIVER",
        "Install Oracle's managed .NET driver: the NuGet package Oracle.ManagedDataAccess.Core, published into a " +
        "folder together with its dependencies (see docs/provider-db2-oracle.md).");

    /// <summary>How to point TwinSpin at the driver once installed.</summary>
    public string PointHint =>
        $"Then pass -DriverPath <folder or {AssemblyFileName}> on the endpoint, or set the environment variable {EnvironmentVariable} to it.";
}
