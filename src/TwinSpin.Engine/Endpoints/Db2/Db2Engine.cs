namespace TwinSpin.Engine.Endpoints.Db2;

public static class Db2Engine
{
    /// <summary>The user's DB2 driver is loaded at run time; its exceptions carry the SQLSTATE the shared rules read.
    /// Its connection strings follow ODBC's rules (the CLI keywords).</summary>
    public static EngineRegistration Registration { get; } = new(
        ProviderKind.Db2,
        spec => new Db2Dialect(spec.DriverPath, Db2Dialect.ParsePlatform(spec.Dialect)),
        new CredentialKeywords("UID", "PWD", OdbcSyntax: true),
        _ => null);
}
