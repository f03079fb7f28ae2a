using System.Data.Odbc;

namespace TwinSpin.Engine.Endpoints.Odbc;

public static class OdbcEngine
{
    public static EngineRegistration Registration { get; } = new(
        ProviderKind.Odbc,
        spec => new OdbcDialect(spec.Dialect),
        new CredentialKeywords("UID", "PWD", OdbcSyntax: true),
        exception => exception is OdbcException odbc ? IsTransient(odbc) : null);

    /// <summary>Any of the driver's records with a transient SQLSTATE; psqlODBC reports a killed backend only in words.</summary>
    private static bool IsTransient(OdbcException odbc) =>
        odbc.Errors.Cast<OdbcError>().Any(error => TransientErrors.IsTransientState(error.SQLState) ||
            error.Message.Contains("server closed the connection", StringComparison.OrdinalIgnoreCase));
}
