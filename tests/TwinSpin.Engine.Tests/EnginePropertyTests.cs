using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Runner;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// Property: for random tables and random perturbations, TwinSpin's discrepancy set equals the naive
/// in-memory diff, whatever the strategy, leaf size, fan-out and parallelism.
/// </summary>
public sealed class EnginePropertyTests
{
    public static TheoryData<int, KeyShape, CompareStrategy, int?, int?, int> Cases()
    {
        var data = new TheoryData<int, KeyShape, CompareStrategy, int?, int?, int>();
        // Null is the engine's own choice (PartitionTuner): wide first splits, arithmetic and tree-shaped buckets.
        var settings = new (int? Threshold, int? FanOut, int Parallelism)[]
        {
            (50, 2, 1), (200, 4, 2), (1000, 16, 3), (10, 8, 2), (null, null, 2), (null, null, 1), (20, null, 2), (null, 3, 2),
        };
        var seed = 1;
        foreach (var shape in Enum.GetValues<KeyShape>())
        {
            foreach (var strategy in Enum.GetValues<CompareStrategy>())
            {
                foreach (var (threshold, fanOut, parallelism) in settings)
                {
                    data.Add(seed++, shape, strategy, threshold, fanOut, parallelism);
                }
            }
        }

        return data;
    }

    public static TheoryData<int, KeyShape, CompareStrategy, int?, int?, int> HashCases()
    {
        var data = new TheoryData<int, KeyShape, CompareStrategy, int?, int?, int>();
        var seed = 500;
        foreach (var shape in Enum.GetValues<KeyShape>())
        {
            data.Add(seed++, shape, CompareStrategy.Checksum, 40, 4, 2);
            data.Add(seed++, shape, CompareStrategy.Rows, 100, 8, 1);
            data.Add(seed++, shape, CompareStrategy.Checksum, null, null, 2);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HashCases))]
    public Task Hash_partitioning_finds_the_same(int seed, KeyShape shape, CompareStrategy strategy, int? threshold, int? fanOut, int parallelism) =>
        Check(seed, shape, strategy, threshold, fanOut, parallelism, KeyPartitioning.Hash);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Discrepancies_equal_the_naive_diff(int seed, KeyShape shape, CompareStrategy strategy, int? threshold, int? fanOut, int parallelism) =>
        Check(seed, shape, strategy, threshold, fanOut, parallelism, KeyPartitioning.Auto);

    private static async Task Check(int seed, KeyShape shape, CompareStrategy strategy, int? threshold, int? fanOut, int parallelism, KeyPartitioning partitioning)
    {
        using var directory = new TempDirectory();
        var random = new Random(seed);
        var pair = new RandomTablePair(seed, shape, rows: random.Next(500, 3000), perturbations: random.Next(0, 60));
        var (source, target) = pair.Write(directory);
        var request = new CompareRequest(
            new EndpointSpec(ProviderKind.Sqlite, $"Data Source={source}", "t"),
            new EndpointSpec(ProviderKind.Sqlite, $"Data Source={target}", "t"))
        {
            KeyColumns = pair.KeyColumns,
            Options = new JobOptions { Strategy = strategy, PartitionRowThreshold = threshold, FanOut = fanOut, Parallelism = parallelism, KeyPartitioning = partitioning },
        };

        var listener = new CollectingListener();
        var summary = await JobService.CompareAsync(request, listener, CancellationToken.None);

        var expected = NaiveDiff.Expected(pair);
        var actual = NaiveDiff.Actual(listener.Discrepancies);
        Assert.Equal(expected, actual);
        Assert.Equal(expected.Count, summary.Discrepancies);
        Assert.Equal(pair.Source.Count + pair.Target.Count, summary.TotalRows);
        Assert.Equal(summary.TotalRows, summary.ProcessedRows);
    }
}
