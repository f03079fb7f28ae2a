using TwinSpin.Engine.Runner;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// Without checksums, SQLite ranges are cut by value without counting; a child that turns out larger than the
/// memory bound (keys bunched far from even) is counted and split again. Whatever the bunching, the result is
/// the naive diff's and no leaf holds more than MaxLeafRows rows a side.
/// </summary>
public sealed class UncountedSplitTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Bunched_keys_are_counted_and_split_again_and_nothing_is_missed(int seed)
    {
        using var directory = new TempDirectory();
        var random = new Random(seed);
        var pair = new RandomTablePair(seed, KeyShape.Integer, rows: 3000, perturbations: 40);
        // Far keys on both sides: the root's span is huge, so cutting it evenly puts nearly every row in one child.
        foreach (var far in new[] { 50_000_000L, -20_000_000L })
        {
            var row = new object?[] { far }.Concat(pair.Columns.Select(c => c.Next(random))).ToArray();
            pair.Source.Add(row);
            pair.Target.Add((object?[])row.Clone());
        }

        var (source, target) = pair.Write(directory);
        var listener = new CollectingListener();
        var request = new CompareRequest(SqliteTables.Spec(source), SqliteTables.Spec(target))
        {
            KeyColumns = pair.KeyColumns,
            Options = new JobOptions { Strategy = CompareStrategy.Rows, MaxLeafRows = 300, Parallelism = 2 },
        };

        var summary = await JobService.CompareAsync(request, listener, CancellationToken.None);

        Assert.Equal(NaiveDiff.Expected(pair), NaiveDiff.Actual(listener.Discrepancies));
        Assert.Equal(summary.TotalRows, summary.ProcessedRows);
        var leaves = listener.Partitions.Where(p => p.Status is Store.PartitionStatus.Matched or Store.PartitionStatus.Mismatched).ToList();
        Assert.All(leaves, p => Assert.InRange(Math.Max(p.SourceRows, p.TargetRows), 0, 300));
        Assert.Contains(listener.Partitions, p => p.Depth >= 2); // the bunched child was split again
    }
}
