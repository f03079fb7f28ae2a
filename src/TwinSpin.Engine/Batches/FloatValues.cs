using System.Globalization;

namespace TwinSpin.Engine.Batches;

/// <summary>Floats are compared at the precision the hash contract states (15 significant digits), so
/// an in-memory comparison never disagrees with the in-database checksum. Batches hold floats as read;
/// comparisons, key order and displayed values normalize (ArrowValues).</summary>
public static class FloatValues
{
    public const int SignificantDigits = 15;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static double Normalize(double value)
    {
        if (value == 0)
        {
            return 0d; // -0 is 0
        }

        if (!double.IsFinite(value))
        {
            return value;
        }

        // On the stack: this runs for every float of every fetched row.
        Span<char> text = stackalloc char[32];
        value.TryFormat(text, out var written, "E14", CultureInfo.InvariantCulture);
        return double.Parse(text[..written], NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
