using TwinSpin.Engine.Runner;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// Floats are equal when they agree to 15 significant digits (docs/hash-contract.md). Batches hold floats as
/// read, so rows that differ only past the 15th digit are not equal bit for bit: they must still not be
/// reported, and a difference within 15 digits must be, with the values shown at 15 digits.
/// </summary>
public sealed class FloatPrecisionTests
{
    [Theory]
    [InlineData(CompareStrategy.Checksum)]
    [InlineData(CompareStrategy.Rows)]
    public async Task Floats_equal_to_15_significant_digits_are_equal_and_a_difference_within_them_is_found(CompareStrategy strategy)
    {
        using var directory = new TempDirectory();
        const string create = "CREATE TABLE t (id INTEGER PRIMARY KEY, f REAL)";
        var source = SqliteTables.Create(directory, "s.db", create,
            "INSERT INTO t VALUES (1, 0.1 + 0.2), (2, 1.0 / 3), (3, 2.0), (4, 123456789.123456789), (5, NULL)");
        var target = SqliteTables.Create(directory, "t.db", create,
            "INSERT INTO t VALUES (1, 0.3), (2, 0.333333333333333), (3, 2.00000000000001), (4, 123456789.1234567), (5, 0.0)");
        var listener = new CollectingListener();

        await JobService.CompareAsync(new CompareRequest(SqliteTables.Spec(source), SqliteTables.Spec(target)) { Options = new JobOptions { Strategy = strategy } },
            listener, CancellationToken.None);

        Assert.Equal(["ValueMismatch i:3 [f]", "ValueMismatch i:5 [f]"], NaiveDiff.Actual(listener.Discrepancies));
        var field = listener.Discrepancies.Single(d => d.Fields[0].TargetValue is 2.00000000000001).Fields[0];
        Assert.Equal(2.0, field.SourceValue);
    }
}
