using TwinSpin.Engine.Runner;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>Values longer than the leaf diff's row buffer: equal ones stay equal, a change in the last byte is found.</summary>
public sealed class LongValueTests
{
    [Theory]
    [InlineData(CompareStrategy.Checksum)]
    [InlineData(CompareStrategy.Rows)]
    public async Task A_change_at_the_end_of_a_long_text_is_found_and_equal_long_texts_are_not_reported(CompareStrategy strategy)
    {
        using var directory = new TempDirectory();
        const string rows = "INSERT INTO t VALUES (1, printf('%.5000c', 'a')), (2, printf('%.3000c', 'b') || 'x'), (3, 'short')";
        var source = SqliteTables.Create(directory, "s.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", rows);
        var target = SqliteTables.Create(directory, "t.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", rows,
            "UPDATE t SET v = printf('%.3000c', 'b') || 'y' WHERE id = 2");
        var listener = new CollectingListener();

        await JobService.CompareAsync(new CompareRequest(SqliteTables.Spec(source), SqliteTables.Spec(target)) { Options = new JobOptions { Strategy = strategy } },
            listener, CancellationToken.None);

        Assert.Equal(["ValueMismatch i:2 [v]"], NaiveDiff.Actual(listener.Discrepancies));
    }
}
