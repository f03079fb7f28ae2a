namespace TwinSpin.Engine.Endpoints.PostgreSql;

public static class PostgreSqlEngine
{
    /// <summary>Npgsql's exceptions carry IsTransient and the SQLSTATE: the shared rules read them.</summary>
    public static EngineRegistration Registration { get; } = new(
        ProviderKind.PostgreSql,
        _ => PostgreSqlDialect.Instance,
        new CredentialKeywords("Username", "Password"),
        _ => null);
}
