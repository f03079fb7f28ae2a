using System.Globalization;

namespace TwinSpin.Engine.Batches;

/// <summary>Floats are compared at the precision the hash contract states (15 significant digits), so
/// an in-memory comparison never disagrees with the in-database checksum.</summary>
public static class FloatValues
{
    public const int SignificantDigits = 15;

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

        return double.Parse(value.ToString("E14", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
