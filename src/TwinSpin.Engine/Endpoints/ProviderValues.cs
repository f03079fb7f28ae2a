using System.Globalization;
using System.Runtime.CompilerServices;

namespace TwinSpin.Engine.Endpoints;

/// <summary>
/// Turns the loosely typed values a driver hands back (SQLite's storage classes above all) into the
/// one representation each logical type has in the engine. Used by the Arrow batch reader and by the
/// SQLite in-database hash function alike, so both see the same value.
/// </summary>
public static class ProviderValues
{
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-dd",
    ];

    private const double UnixEpochJulianDay = 2440587.5;

    private static readonly System.Text.RegularExpressions.Regex PlainDecimal = new(@"^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long ToInt64(object value) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        byte b => b,
        bool b => b ? 1 : 0,
        double d when Math.Floor(d) == d => checked((long)d),
        decimal m when decimal.Truncate(m) == m => checked((long)m),
        string s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture),
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ToDouble(object value) => value switch
    {
        double d => d,
        float f => f,
        long l => l,
        int i => i,
        decimal m => (double)m,
        string s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };

    public static bool ToBoolean(object value) => value switch
    {
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        double d => d != 0,
        string s => s.Trim() is "1" || s.Trim().Equals("true", StringComparison.OrdinalIgnoreCase),
        _ => Convert.ToBoolean(value, CultureInfo.InvariantCulture),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string ToText(object value) => value switch
    {
        string s => s,
        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    public static byte[] ToBinary(object value) => value switch
    {
        byte[] bytes => bytes,
        string s => System.Text.Encoding.UTF8.GetBytes(s),
        _ => System.Text.Encoding.UTF8.GetBytes(ToText(value)),
    };

    public static decimal ToDecimal(object value) => value switch
    {
        decimal m => m,
        long l => l,
        int i => i,
        double d => (decimal)d,
        string s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
    };

    /// <summary>The canonical decimal text (docs/hash-contract.md): exact, no exponent, no trailing zeros.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string ToDecimalText(object value) => value switch
    {
        decimal m => CanonicalDecimal(m.ToString(CultureInfo.InvariantCulture)),
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        // A REAL in a NUMERIC column: the shortest text that round-trips is the value the user wrote.
        double d => CanonicalDecimal(((decimal)d).ToString(CultureInfo.InvariantCulture)),
        // Plain digits are canonicalized as text, so 38-digit NUMBERs never pass through System.Decimal.
        string s when PlainDecimal.IsMatch(s) => CanonicalDecimal(s.Trim()),
        string s => CanonicalDecimal(decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)),
        _ => CanonicalDecimal(Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)),
    };

    /// <summary>Microseconds since 1970-01-01 UTC, truncated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long ToTimestampMicros(object value) => value switch
    {
        DateTime dt => TicksToMicros(dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime().Ticks : dt.Ticks),
        DateTimeOffset dto => TicksToMicros(dto.UtcTicks),
        string s => TicksToMicros(ParseTimestamp(s).Ticks),
        long unixSeconds => unixSeconds * 1_000_000,
        double julianDay => (long)Math.Floor((julianDay - UnixEpochJulianDay) * 86_400_000_000d),
        _ => throw new FormatException($"Cannot read a timestamp from a value of type {value.GetType().Name}."),
    };

    /// <summary>Days since 1970-01-01 (Arrow Date32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ToDateDays(object value) => value switch
    {
        DateOnly d => d.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber,
        _ => (int)Math.Floor(ToTimestampMicros(value) / 86_400_000_000d),
    };

    private static long TicksToMicros(long ticks) => (ticks - DateTime.UnixEpoch.Ticks) / 10 -
        ((ticks - DateTime.UnixEpoch.Ticks) % 10 < 0 ? 1 : 0);

    private static DateTime ParseTimestamp(string s)
    {
        var parsed = DateTime.ParseExact(s.Trim(), TimestampFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        return parsed;
    }

    /// <summary>True for text CanonicalDecimal would return unchanged: an optional '-', digits without a leading zero
    /// (a lone 0 before the point excepted), and a fraction not ending in 0; never "-0".</summary>
    private static bool IsCanonicalDecimal(string text)
    {
        var i = text.StartsWith('-') ? 1 : 0;
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var integral = i - start;
        if (integral == 0 || integral > 1 && text[start] == '0')
        {
            return false;
        }

        if (i == text.Length)
        {
            return !(start == 1 && integral == 1 && text[start] == '0');
        }

        if (text[i] != '.')
        {
            return false;
        }

        var fraction = ++i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i == text.Length && i > fraction && text[^1] != '0';
    }

    /// <summary>Normalizes plain decimal text: "-001.500" -> "-1.5", "-0.0" -> "0".</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string CanonicalDecimal(string plain)
    {
        if (IsCanonicalDecimal(plain))
        {
            return plain; // the common case, without building new strings
        }

        var negative = plain.StartsWith('-');
        var body = plain.TrimStart('-', '+');
        var dot = body.IndexOf('.');
        var integral = (dot < 0 ? body : body[..dot]).TrimStart('0');
        var fraction = dot < 0 ? string.Empty : body[(dot + 1)..].TrimEnd('0');
        if (integral.Length == 0)
        {
            integral = "0";
        }

        var text = fraction.Length == 0 ? integral : integral + "." + fraction;
        return negative && text != "0" ? "-" + text : text;
    }
}
