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
        Span<byte> utf8 = stackalloc byte[32];
        return System.Text.Encoding.ASCII.GetString(utf8[..Float(value, utf8)]);
    }

    /// <summary><see cref="Float(double)"/> written as ASCII into <paramref name="destination"/>; returns its length.</summary>
    public static int Float(double value, Span<byte> destination)
    {
        if (double.IsNaN(value))
        {
            return Ascii("nan", destination);
        }

        if (double.IsInfinity(value))
        {
            return Ascii(value > 0 ? "inf" : "-inf", destination);
        }

        if (value == 0)
        {
            value = 0; // folds -0 into 0
        }

        Span<char> net = stackalloc char[32];
        value.TryFormat(net, out var length, "E14", CultureInfo.InvariantCulture); // -1.23450000000000E+003
        var e = net[..length].IndexOf('E');
        var written = 0;
        foreach (var c in net[..e])
        {
            destination[written++] = (byte)c;
        }

        destination[written++] = (byte)'e';
        destination[written++] = (byte)net[e + 1];
        var exponent = net[(e + 2)..length].TrimStart('0');
        for (var pad = exponent.Length; pad < 2; pad++)
        {
            destination[written++] = (byte)'0';
        }

        foreach (var c in exponent)
        {
            destination[written++] = (byte)c;
        }

        return written;
    }

    public static string Timestamp(long micros) => Timestamp(micros, 6);

    /// <summary><c>YYYY-MM-DD HH:MM:SS</c> and <paramref name="digits"/> fractional digits (none and no point for 0), truncated.</summary>
    public static string Timestamp(long micros, int digits)
    {
        Span<byte> utf8 = stackalloc byte[26];
        return System.Text.Encoding.ASCII.GetString(utf8[..Timestamp(micros, digits, utf8)]);
    }

    /// <summary><see cref="Timestamp(long, int)"/> written as ASCII; returns its length.</summary>
    public static int Timestamp(long micros, int digits, Span<byte> destination)
    {
        var time = new DateTime(EpochTicks + micros * 10, DateTimeKind.Utc);
        Digits(time.Year, 4, destination);
        destination[4] = (byte)'-';
        Digits(time.Month, 2, destination[5..]);
        destination[7] = (byte)'-';
        Digits(time.Day, 2, destination[8..]);
        destination[10] = (byte)' ';
        Digits(time.Hour, 2, destination[11..]);
        destination[13] = (byte)':';
        Digits(time.Minute, 2, destination[14..]);
        destination[16] = (byte)':';
        Digits(time.Second, 2, destination[17..]);
        if (digits <= 0)
        {
            return 19;
        }

        destination[19] = (byte)'.';
        Digits((int)(time.Ticks % TimeSpan.TicksPerSecond / 10), 6, destination[20..]);
        return 20 + Math.Min(digits, 6);
    }

    /// <summary>Reads <c>YYYY-MM-DD[ T]HH:MM:SS[.f{1,7}]</c> (UTC, no zone) as microseconds since the epoch,
    /// truncated; false for anything else, which the general parser then handles.</summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> text, out long micros)
    {
        micros = 0;
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || text[10] is not ((byte)' ' or (byte)'T') || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        if (!TryDigits(text[..4], out var year) || !TryDigits(text[5..7], out var month) || !TryDigits(text[8..10], out var day) ||
            !TryDigits(text[11..13], out var hour) || !TryDigits(text[14..16], out var minute) || !TryDigits(text[17..19], out var second))
        {
            return false;
        }

        long fractionTicks = 0;
        if (text.Length > 19)
        {
            var fraction = text[20..];
            if (text[19] != '.' || fraction.Length is 0 or > 7 || !TryDigits(fraction, out var value))
            {
                return false;
            }

            fractionTicks = value;
            for (var i = fraction.Length; i < 7; i++)
            {
                fractionTicks *= 10;
            }
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || hour > 23 || minute > 59 || second > 59 || year < 1)
        {
            return false;
        }

        var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fractionTicks - EpochTicks;
        micros = ticks / 10 - (ticks % 10 < 0 ? 1 : 0);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = value * 10 + (b - '0');
        }

        return true;
    }

    private static void Digits(int value, int width, Span<byte> destination)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    private static int Ascii(string text, Span<byte> destination)
    {
        for (var i = 0; i < text.Length; i++)
        {
            destination[i] = (byte)text[i];
        }

        return text.Length;
    }

    /// <summary>Lower-case hexadecimal of <paramref name="bytes"/> into a span twice as long.</summary>
    public static void Hex(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        const string digits = "0123456789abcdef";
        for (var i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = (byte)digits[bytes[i] >> 4];
            destination[2 * i + 1] = (byte)digits[bytes[i] & 0xF];
        }
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
