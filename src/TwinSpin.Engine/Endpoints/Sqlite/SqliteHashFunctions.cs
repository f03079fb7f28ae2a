using Microsoft.Data.Sqlite;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Hashing;

namespace TwinSpin.Engine.Endpoints.Sqlite;

/// <summary>
/// The hash contract inside SQLite, which has neither MD5 nor an overflow-safe SUM:
/// <c>twinspin_row_hash(spec, v1, v2, ...)</c> returns the contract's 64-bit row hash of the values
/// (canonicalized from SQLite's storage classes by their logical types and rules, one
/// <c>|</c>-separated column spec each in <c>spec</c>: a type letter then <see cref="ColumnRules.Code"/>),
/// and <c>twinspin_sum64(x)</c> sums modulo 2^64.
/// </summary>
public static class SqliteHashFunctions
{
    public const string RowHash = "twinspin_row_hash";
    public const string Sum64 = "twinspin_sum64";

    public static string ColumnSpec(IEnumerable<SideColumn> columns) =>
        string.Join("|", columns.Select(c => Code(c.Type) + c.Rules.Code));

    public static void Register(SqliteConnection connection)
    {
        SqliteRowHashFunction.Register(connection);
        SqliteNativeRowHash.Register(connection);
        connection.CreateAggregate(Sum64, 0UL, (ulong sum, long hash) => unchecked(sum + (ulong)hash),
            sum => unchecked((long)sum), isDeterministic: true);
    }

    public static (LogicalType Type, ColumnRules Rules)[] ParseSpec(string spec) =>
        spec.Split('|').Select(c => (FromCode(c[0]), ColumnRules.Parse(c[1..]))).ToArray();

    /// <summary>Appends one raw provider value in its canonical form, compared exactly.</summary>
    public static void AppendRaw(CanonicalRowWriter writer, LogicalType type, object? value) =>
        AppendRaw(writer, type, ColumnRules.Exact, value);

    /// <summary>Appends one raw provider value in its canonical form under the column's rules.</summary>
    public static void AppendRaw(CanonicalRowWriter writer, LogicalType type, ColumnRules rules, object? value)
    {
        if (CanonicalText(type, rules, value) is { } text)
        {
            writer.AppendValue(text);
        }
        else
        {
            writer.AppendNull();
        }
    }

    /// <summary>The canonical text of one raw provider value under the column's rules, null for NULL, in
    /// the order every dialect applies them: NULL test, tolerance cell, canonical text, trim, case, digits.</summary>
    public static string? CanonicalText(LogicalType type, ColumnRules rules, object? value)
    {
        if (value is null || value is DBNull || rules.EmptyAsNull && type == LogicalType.Text && value is string { Length: 0 })
        {
            return null;
        }

        if (rules.Tolerance is not null)
        {
            return CanonicalForms.ToleranceCell(ProviderValues.ToDecimal(value), rules);
        }

        var text = type switch
        {
            LogicalType.Integer => CanonicalForms.Integer(ProviderValues.ToInt64(value)),
            LogicalType.Float => CanonicalForms.Float(ProviderValues.ToDouble(value)),
            LogicalType.Decimal => ProviderValues.ToDecimalText(value),
            LogicalType.Text => ProviderValues.ToText(value),
            LogicalType.Boolean => CanonicalForms.Boolean(ProviderValues.ToBoolean(value)),
            LogicalType.Date => CanonicalForms.Date(ProviderValues.ToDateDays(value)),
            LogicalType.Timestamp => CanonicalForms.Timestamp(ProviderValues.ToTimestampMicros(value), rules.TimestampDigits),
            LogicalType.Binary => CanonicalForms.Binary(ProviderValues.ToBinary(value)),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
        return CanonicalForms.ApplyTextRules(text, rules);
    }

    private static char Code(LogicalType type) => type switch
    {
        LogicalType.Integer => 'I',
        LogicalType.Decimal => 'D',
        LogicalType.Float => 'F',
        LogicalType.Text => 'T',
        LogicalType.Boolean => 'B',
        LogicalType.Date => 'A',
        LogicalType.Timestamp => 'S',
        LogicalType.Binary => 'X',
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static LogicalType FromCode(char code) => code switch
    {
        'I' => LogicalType.Integer,
        'D' => LogicalType.Decimal,
        'F' => LogicalType.Float,
        'T' => LogicalType.Text,
        'B' => LogicalType.Boolean,
        'A' => LogicalType.Date,
        'S' => LogicalType.Timestamp,
        'X' => LogicalType.Binary,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };
}
