namespace TwinSpin.Engine.Endpoints;

/// <summary>
/// What the shared engine needs from one database engine: its dialect (which opens connections, reads the
/// catalog and writes the SQL), the keywords its connection strings use for a credential, and how to tell its
/// driver's transient failures. Each engine's folder holds one; <see cref="Engines"/> lists them.
/// </summary>
/// <param name="ClassifyTransient">True or false for a failure of this engine's driver, null for one it does not know
/// (the shared rules of <see cref="TransientErrors"/> then decide).</param>
public sealed record EngineRegistration(
    ProviderKind Provider,
    Func<EndpointSpec, SqlDialect> CreateDialect,
    CredentialKeywords Credentials,
    Func<Exception, bool?> ClassifyTransient);

/// <summary>The connection-string keywords for a user name and a password; <paramref name="OdbcSyntax"/> when the
/// string follows ODBC's rules (braced values).</summary>
public sealed record CredentialKeywords(string User, string Password, bool OdbcSyntax = false);
