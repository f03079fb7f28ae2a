using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Runner;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>Ranges over the key's partition hash that must be cut by quantiles (past -MaxDepth, larger than the
/// memory bound) are cut at quantiles of the hash itself, so every row still lands in exactly one range.</summary>
public sealed class HashQuantileTests
{
    [Theory]
    [InlineData(KeyShape.Integer, 901)]
    [InlineData(KeyShape.Compound, 902)]
    public async Task Hash_ranges_cut_by_quantiles_find_the_naive_diff(KeyShape shape, int seed)
    {
        using var directory = new TempDirectory();
        var pair = new RandomTablePair(seed, shape, rows: 1200, perturbations: 30);
        var (source, target) = pair.Write(directory);
        var listener = new CollectingListener();
        var request = new CompareRequest(new EndpointSpec(ProviderKind.Sqlite, $"Data Source={source}", "t"), new EndpointSpec(ProviderKind.Sqlite, $"Data Source={target}", "t"))
        {
            KeyColumns = pair.KeyColumns,
            Options = new JobOptions { KeyPartitioning = KeyPartitioning.Hash, MaxDepth = 0, MaxLeafRows = 100, PartitionRowThreshold = 50, FanOut = 4 },
        };

        await JobService.CompareAsync(request, listener, CancellationToken.None);

        Assert.Equal(NaiveDiff.Expected(pair), NaiveDiff.Actual(listener.Discrepancies));
    }
}
