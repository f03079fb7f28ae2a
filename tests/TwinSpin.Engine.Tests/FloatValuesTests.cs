using System.Globalization;
using TwinSpin.Engine.Batches;
using Xunit;

namespace TwinSpin.Engine.Tests;

public sealed class FloatValuesTests
{
    /// <summary>Against the definition: the value printed to 15 significant digits and read back.</summary>
    [Fact]
    public void Normalizing_keeps_15_significant_digits_for_random_doubles_of_every_magnitude()
    {
        var random = new Random(42);
        var values = Enumerable.Range(0, 20_000).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64()))
            .Concat(Enumerable.Range(0, 20_000).Select(_ => Math.Round(random.NextDouble() * 1e6, random.Next(0, 8))))
            .Concat([double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 0.1 + 0.2, 1e-310, 123456789012345678d])
            .Where(double.IsFinite)
            .Where(v => v != 0);

        foreach (var value in values)
        {
            var expected = double.Parse(value.ToString("E14", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(FloatValues.Normalize(value)));
        }

        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(FloatValues.Normalize(-0.0)));
        Assert.True(double.IsNaN(FloatValues.Normalize(double.NaN)));
    }
}
