using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Runner;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>The property every engine pair must hold: comparing the two sides of a random table pair
/// (with random tuning drawn from the seed) reports exactly what the naive diff finds.</summary>
public static class PairProperty
{
    public static async Task<CollectingListener> AssertEqualsNaiveDiffAsync(RandomTablePair pair, EndpointSpec source, EndpointSpec target,
        CompareStrategy strategy, Random random, KeyPartitioning partitioning = KeyPartitioning.Auto)
    {
        var request = new CompareRequest(source, target)
        {
            KeyColumns = pair.KeyColumns,
            Options = new JobOptions
            {
                Strategy = strategy,
                // A third of the draws leave each to the engine's own tuning.
                PartitionRowThreshold = random.Next(3) == 0 ? null : random.Next(10, 300),
                FanOut = random.Next(3) == 0 ? null : random.Next(2, 17),
                Parallelism = random.Next(1, 4),
                KeyPartitioning = partitioning,
            },
        };

        var listener = new CollectingListener();
        await JobService.CompareAsync(request, listener, CancellationToken.None);
        Assert.Equal(NaiveDiff.Expected(pair), NaiveDiff.Actual(listener.Discrepancies));
        return listener;
    }
}
