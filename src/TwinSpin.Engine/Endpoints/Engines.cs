using TwinSpin.Engine.Endpoints.Db2;
using TwinSpin.Engine.Endpoints.MariaDb;
using TwinSpin.Engine.Endpoints.Odbc;
using TwinSpin.Engine.Endpoints.Oracle;
using TwinSpin.Engine.Endpoints.PostgreSql;
using TwinSpin.Engine.Endpoints.Sqlite;

namespace TwinSpin.Engine.Endpoints;

/// <summary>The database engines TwinSpin knows: adding one means a folder with its registration and a line here
/// (and its <see cref="ProviderKind"/>).</summary>
public static class Engines
{
    public static IReadOnlyList<EngineRegistration> All { get; } =
    [
        SqliteEngine.Registration,
        PostgreSqlEngine.Registration,
        MariaDbEngine.Registration,
        OdbcEngine.Registration,
        Db2Engine.Registration,
        OracleEngine.Registration,
    ];

    public static EngineRegistration For(ProviderKind provider) =>
        All.FirstOrDefault(engine => engine.Provider == provider) ??
        throw new TwinSpinException(ErrorCode.ProviderNotSupported, $"Provider '{provider}' is not supported.");
}
