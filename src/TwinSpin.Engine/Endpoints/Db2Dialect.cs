using System.Data.Common;

#pragma warning disable CS9113 // the option is used once the dialect is written

namespace TwinSpin.Engine.Endpoints;

/// <summary>IBM DB2 (LUW and z/OS) through a driver loaded at run time. (Being written: not usable yet.)</summary>
public sealed class Db2Dialect(string? option) : SqlDialect
{
    public override string Name => "Db2";

    public override string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public override string ParameterName(int index) => "@p" + index;

    public override string RowHashExpression(IReadOnlyList<SideColumn> columns) => throw NotYet();

    public override string ChecksumAggregate(string rowHashExpression) => throw NotYet();

    public override ulong ReadChecksum(DbDataReader reader, int ordinal) => throw NotYet();

    public override string First(string query, int rows) => throw NotYet();

    public override Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken) => throw NotYet();

    public override Task<TableSchema?> ReadSchemaAsync(DbConnection connection, string table, CancellationToken cancellationToken) => throw NotYet();

    public override LogicalType MapType(string declaredType) => throw NotYet();

    private static TwinSpinException NotYet() => new(ErrorCode.ProviderNotSupported, "The Db2 provider is not available in this version.");
}
