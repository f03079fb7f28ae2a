namespace TwinSpin.Engine.Endpoints;

/// <summary>Database families the engine can talk to.</summary>
public enum ProviderKind
{
    Sqlite,
    PostgreSql,
    MariaDb,
    Odbc,
    Db2,
    Oracle,
}
