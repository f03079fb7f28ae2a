using Microsoft.Data.Sqlite;

namespace TwinSpin.Engine.Endpoints.Sqlite;

public static class SqliteEngine
{
    public static EngineRegistration Registration { get; } = new(
        ProviderKind.Sqlite,
        _ => SqliteDialect.Instance,
        new CredentialKeywords("User Id", "Password"),
        exception => exception is SqliteException sqlite ? sqlite.SqliteErrorCode is 5 or 6 : null); // SQLITE_BUSY, SQLITE_LOCKED
}
