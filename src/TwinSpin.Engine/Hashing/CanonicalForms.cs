using System.Globalization;

namespace TwinSpin.Engine.Hashing;

/// <summary>The canonical text of each logical type's values (docs/hash-contract.md).</summary>
public static class CanonicalForms
{
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Boolean(bool value) => value ? "1" : "0";

    /// <summary>C's <c>%.14e</c>: 15 significant digits, lower-case e, signed exponent of at least two digits; -0 is 0.</summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == 0)
        {
            value = 0; // folds -0 into 0
        }

        var net = value.ToString("E14", CultureInfo.InvariantCulture); // -1.23450000000000E+003
        var e = net.IndexOf('E');
        var exponent = int.Parse(net.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return string.Concat(net.AsSpan(0, e), exponent < 0 ? "e-" : "e+",
            Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
    }

    public static string Timestamp(long micros) => Timestamp(micros, 6);

    /// <summary><c>YYYY-MM-DD HH:MM:SS</c> and <paramref name="digits"/> fractional digits (none and no point for 0), truncated.</summary>
    public static string Timestamp(long micros, int digits)
    {
        var ticks = EpochTicks + micros * 10;
        var text = new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        return digits >= 6 ? text : text[..(digits == 0 ? 19 : 20 + digits)];
    }

    /// <summary>A number under a tolerance: the canonical decimal text of its grid cell.</summary>
    public static string ToleranceCell(decimal value, Endpoints.ColumnRules rules) =>
        Endpoints.ProviderValues.CanonicalDecimal(rules.ToleranceCell(value).ToString(CultureInfo.InvariantCulture));

    /// <summary>Trim and case rules, applied to canonical text (they only change text values).</summary>
    public static string ApplyTextRules(string text, Endpoints.ColumnRules rules)
    {
        if (rules.Trim)
        {
            text = text.Trim(' ');
        }

        return rules.IgnoreCase ? Endpoints.ColumnRules.AsciiUpper(text) : text;
    }

    public static string Date(int days) =>
        DateOnly.FromDateTime(DateTime.UnixEpoch).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Binary(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
