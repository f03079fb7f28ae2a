using System.Data.Common;
using System.Globalization;
using System.Numerics;

namespace TwinSpin.Engine.Endpoints;

/// <summary>
/// Dialects of servers that compute the hash contract in SQL (docs/hash-contract.md): each builds
/// the canonical text of a value from its own functions; this class assembles the row text (length
/// prefix, NULL marker), its MD5 and the modulo-2^64 checksum from those pieces.
/// </summary>
public abstract class CanonicalSqlDialect : SqlDialect
{
    /// <summary>2^64, the modulus every checksum is reduced by.</summary>
    protected const string TwoToThe64 = "18446744073709551616";

    /// <summary>SQL text of the canonical form of a non-null value of the column.</summary>
    public abstract string CanonicalText(string quotedColumn, SideColumn column);

    /// <summary>Number of Unicode code points of a text expression, as text.</summary>
    protected abstract string CodePointLengthText(string textExpression);

    protected abstract string Concat(IReadOnlyList<string> parts);

    /// <summary>The first 64 bits of MD5 over the UTF-8 bytes of a text, as a signed or unsigned integer expression.</summary>
    protected abstract string Md5First64(string textExpression);

    /// <summary>SUM of row hashes reduced modulo 2^64 in an exact type.</summary>
    public abstract override string ChecksumAggregate(string rowHashExpression);

    /// <summary>The canonical row text (one length-prefixed field or N per column).</summary>
    public string RowTextExpression(IReadOnlyList<SideColumn> columns) => Concat(columns.Select(Field).ToList());

    public override string RowHashExpression(IReadOnlyList<SideColumn> columns) => Md5First64(RowTextExpression(columns));

    /// <summary>One field of the row text, with the column's rules applied in the order the engine applies them.</summary>
    private string Field(SideColumn column)
    {
        var quoted = QuoteIdentifier(column.Name);
        var rules = column.Rules;
        var isNull = rules.EmptyAsNull && column.Type == LogicalType.Text ? $"{quoted} IS NULL OR {IsEmptyText(quoted)}" : $"{quoted} IS NULL";
        var text = rules.Tolerance is { } tolerance
            ? CanonicalText($"FLOOR(({quoted}) / {tolerance.ToString(CultureInfo.InvariantCulture)})", column with { Type = LogicalType.Decimal })
            : CanonicalText(quoted, column);
        if (rules.Trim)
        {
            text = $"TRIM({text})";
        }

        if (rules.IgnoreCase)
        {
            text = AsciiUpper(text);
        }

        if (column.Type == LogicalType.Timestamp && rules.TimestampDigits < 6)
        {
            text = Substring(text, rules.TimestampDigits == 0 ? 19 : 20 + rules.TimestampDigits);
        }

        return $"CASE WHEN {isNull} THEN 'N' ELSE {Concat([CodePointLengthText(text), "':'", text])} END";
    }

    /// <summary>True for the empty string only (some collations find '  ' equal to '').</summary>
    protected virtual string IsEmptyText(string quotedColumn) => $"{quotedColumn} = ''";

    /// <summary>Upper case of ASCII letters only (the engine folds only those; see ColumnRules.AsciiUpper).</summary>
    protected virtual string AsciiUpper(string textExpression) => $"UPPER({textExpression})";

    /// <summary>The first <paramref name="length"/> characters of a text expression.</summary>
    protected virtual string Substring(string textExpression, int length) => $"SUBSTR({textExpression}, 1, {length})";

    /// <summary>Exact integers of any sign and size (decimal, long, string) reduced modulo 2^64.</summary>
    public override ulong ReadChecksum(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return 0;
        }

        var value = reader.GetValue(ordinal) switch
        {
            long l => new BigInteger(l),
            int i => new BigInteger(i),
            decimal m => new BigInteger(decimal.Truncate(m)),
            ulong u => new BigInteger(u),
            double d => new BigInteger(d),
            var other => BigInteger.Parse(Convert.ToString(other, CultureInfo.InvariantCulture)!, NumberStyles.Integer, CultureInfo.InvariantCulture),
        };
        var reduced = value % (BigInteger.One << 64);
        if (reduced.Sign < 0)
        {
            reduced += BigInteger.One << 64;
        }

        return (ulong)reduced;
    }
}
