using System.Globalization;

namespace TwinSpin.Engine.Endpoints.Sqlite;

/// <summary>SQLite has no date, timestamp or boolean types: they are stored as the text and integers TwinSpin reads them from.</summary>
public sealed class SqliteLiterals : SqlLiterals
{
    public static SqliteLiterals Instance { get; } = new();

    protected override string Boolean(bool value) => value ? "1" : "0";

    protected override string Date(DateTime value) => "'" + value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";

    protected override string Timestamp(DateTime value) => "'" + TimestampText(value) + "'";
}
