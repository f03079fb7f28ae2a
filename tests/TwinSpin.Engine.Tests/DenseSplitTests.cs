using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// With differences in most buckets of a split, consecutive buckets are merged into larger children fetched
/// whole. Whatever the key shape, the result is the naive diff's; with differences everywhere the split has far
/// fewer children than buckets, and with few differences buckets stay as they are.
/// </summary>
public sealed class DenseSplitTests
{
    [Theory]
    [InlineData(KeyShape.Integer, 1)]
    [InlineData(KeyShape.Integer, 2)]
    [InlineData(KeyShape.Text, 3)]
    [InlineData(KeyShape.Compound, 4)]
    public async Task Dense_differences_are_fetched_in_merged_children_and_all_found(KeyShape shape, int seed)
    {
        var (listener, expected) = await CompareAsync(shape, seed, rows: 30_000, perturbations: 5000);

        Assert.Equal(expected, NaiveDiff.Actual(listener.Discrepancies));
        var rootChildren = listener.Partitions.Where(p => p.Depth == 1).Select(p => p.Id).Distinct().Count();
        // More rows than the largest auto leaf, so the root is split; unmerged, into buckets of at most 3/4 of the
        // tuned leaf (a few hundred rows here). Merged, children hold up to a -Strategy Rows leaf: a handful.
        Assert.InRange(rootChildren, 1, 30_000 / PartitionTuner.MaxAutoLeafRows * 2);
        var merged = listener.Partitions.Where(p => p.Depth == 1 && p.Status is PartitionStatus.Matched or PartitionStatus.Mismatched).ToList();
        Assert.Contains(merged, p => Math.Max(p.SourceRows, p.TargetRows) > PartitionTuner.MaxAutoLeafRows / 4);
    }

    [Fact]
    public async Task Sparse_differences_keep_their_buckets()
    {
        var (listener, expected) = await CompareAsync(KeyShape.Integer, 5, rows: 30_000, perturbations: 3);

        Assert.Equal(expected, NaiveDiff.Actual(listener.Discrepancies));
        var leaves = listener.Partitions.Where(p => p.Depth == 1 && p.Status is PartitionStatus.Mismatched).ToList();
        Assert.All(leaves, p => Assert.InRange(Math.Max(p.SourceRows, p.TargetRows), 0, PartitionTuner.MaxAutoLeafRows));
        Assert.True(listener.Partitions.Where(p => p.Depth == 1).Select(p => p.Id).Distinct().Count() > 30_000 / PartitionTuner.MaxAutoLeafRows);
    }

    private static async Task<(CollectingListener Listener, SortedSet<string> Expected)> CompareAsync(KeyShape shape, int seed, int rows, int perturbations)
    {
        using var directory = new TempDirectory();
        var pair = new RandomTablePair(seed, shape, rows, perturbations);
        var (source, target) = pair.Write(directory);
        var listener = new CollectingListener();
        var request = new CompareRequest(SqliteTables.Spec(source), SqliteTables.Spec(target))
        {
            KeyColumns = pair.KeyColumns,
            Options = new JobOptions { Strategy = CompareStrategy.Checksum, Parallelism = 2 },
        };

        await JobService.CompareAsync(request, listener, CancellationToken.None);
        return (listener, NaiveDiff.Expected(pair));
    }
}
