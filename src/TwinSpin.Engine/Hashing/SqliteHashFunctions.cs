using Microsoft.Data.Sqlite;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Hashing;

/// <summary>
/// The hash contract inside SQLite, which has neither MD5 nor an overflow-safe SUM:
/// <c>twinspin_row_hash(types, v1, v2, ...)</c> returns the contract's 64-bit row hash of the values
/// (canonicalized from SQLite's storage classes by their logical types, one letter each in
/// <c>types</c>), and <c>twinspin_sum64(x)</c> sums modulo 2^64.
/// </summary>
public static class SqliteHashFunctions
{
    public const string RowHash = "twinspin_row_hash";
    public const string Sum64 = "twinspin_sum64";

    [ThreadStatic]
    private static CanonicalRowWriter? t_writer;

    public static string TypeCodes(IEnumerable<LogicalType> types) =>
        new(types.Select(Code).ToArray());

    public static void Register(SqliteConnection connection)
    {
        connection.CreateFunction(RowHash, (object?[] args) => unchecked((long)HashRow(args)), isDeterministic: true);
        connection.CreateAggregate(Sum64, 0UL, (ulong sum, long hash) => unchecked(sum + (ulong)hash),
            sum => unchecked((long)sum), isDeterministic: true);
    }

    /// <summary>args[0] holds the type codes; args[1..] the raw SQLite values.</summary>
    public static ulong HashRow(object?[] args)
    {
        var writer = t_writer ??= new CanonicalRowWriter();
        writer.Reset();
        var codes = (string)args[0]!;
        for (var i = 1; i < args.Length; i++)
        {
            AppendRaw(writer, FromCode(codes[i - 1]), args[i]);
        }

        return writer.Hash();
    }

    /// <summary>Appends one raw provider value in its canonical form.</summary>
    public static void AppendRaw(CanonicalRowWriter writer, LogicalType type, object? value)
    {
        if (value is null || value is DBNull)
        {
            writer.AppendNull();
            return;
        }

        switch (type)
        {
            case LogicalType.Integer: writer.AppendValue(CanonicalForms.Integer(ProviderValues.ToInt64(value))); break;
            case LogicalType.Float: writer.AppendValue(CanonicalForms.Float(ProviderValues.ToDouble(value))); break;
            case LogicalType.Decimal: writer.AppendValue(ProviderValues.ToDecimalText(value)); break;
            case LogicalType.Text: writer.AppendValue(ProviderValues.ToText(value)); break;
            case LogicalType.Boolean: writer.AppendValue(CanonicalForms.Boolean(ProviderValues.ToBoolean(value))); break;
            case LogicalType.Date: writer.AppendValue(CanonicalForms.Date(ProviderValues.ToDateDays(value))); break;
            case LogicalType.Timestamp: writer.AppendValue(CanonicalForms.Timestamp(ProviderValues.ToTimestampMicros(value))); break;
            case LogicalType.Binary: writer.AppendValue(CanonicalForms.Binary(ProviderValues.ToBinary(value))); break;
            default: throw new ArgumentOutOfRangeException(nameof(type), type, null);
        }
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
