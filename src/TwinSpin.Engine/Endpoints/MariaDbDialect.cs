using System.Data.Common;

namespace TwinSpin.Engine.Endpoints;

/// <summary>MariaDB through MySqlConnector. (Being written: not usable yet.)</summary>
public sealed class MariaDbDialect : SqlDialect
{
    public static MariaDbDialect Instance { get; } = new();

    public override string Name => "MariaDb";

    public override string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public override string ParameterName(int index) => "@p" + index;

    public override string RowHashExpression(IReadOnlyList<SideColumn> columns) => throw NotYet();

    public override string ChecksumAggregate(string rowHashExpression) => throw NotYet();

    public override ulong ReadChecksum(DbDataReader reader, int ordinal) => throw NotYet();

    public override string First(string query, int rows) => throw NotYet();

    public override Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken) => throw NotYet();

    public override Task<TableSchema?> ReadSchemaAsync(DbConnection connection, string table, CancellationToken cancellationToken) => throw NotYet();

    public override LogicalType MapType(string declaredType) => throw NotYet();

    private static TwinSpinException NotYet() => new(ErrorCode.ProviderNotSupported, "The MariaDb provider is not available in this version.");
}
