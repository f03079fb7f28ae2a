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

    public static string Timestamp(long micros)
    {
        var ticks = EpochTicks + micros * 10;
        return new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
    }

    public static string Date(int days) =>
        DateOnly.FromDateTime(DateTime.UnixEpoch).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Binary(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
