using TwinSpin.Engine.Partitioning;
using Xunit;

namespace TwinSpin.Engine.Tests;

public sealed class PartitionTunerTests
{
    [Fact]
    public void Explicit_settings_win()
    {
        var tuner = new PartitionTuner(leafRows: 77, fanOut: 5, maxLeafRows: 250_000, parallelism: 2, checksums: true);
        tuner.ObserveFetch(10_000, TimeSpan.FromSeconds(1));
        Assert.Equal(77, tuner.LeafRows);
        Assert.Equal(5, tuner.Buckets(1_000_000, uniform: true));
        Assert.False(tuner.FetchRatherThanSplit(10_000, 0.5, uniform: true));
        Assert.True(tuner.FetchRatherThanSplit(10_000, 0.6, uniform: true));
    }

    [Fact]
    public void A_large_range_is_cut_into_leaf_sized_buckets_up_to_the_cap()
    {
        var tuner = new PartitionTuner(null, null, 250_000, 2, checksums: true);
        var leaf = tuner.LeafRows;
        Assert.InRange(leaf, PartitionTuner.MinAutoLeafRows, PartitionTuner.MaxAutoLeafRows);
        // A quarter under the leaf size, so children that vary a little stay leaves.
        var target = leaf * 3 / 4;
        Assert.Equal((int)((100L * leaf + target - 1) / target), tuner.Buckets(100L * leaf, uniform: true));
        Assert.Equal(PartitionTuner.MaxUniformBuckets, tuner.Buckets(1_000_000_000, uniform: true));
        Assert.Equal(PartitionTuner.MaxQuantileBuckets, tuner.Buckets(1_000_000_000, uniform: false));
        // Never fewer children than the workers can share.
        Assert.Equal(4, tuner.Buckets(leaf + 1, uniform: true));
    }

    [Fact]
    public void Without_checksums_leaves_are_large_but_bounded_by_memory()
    {
        Assert.Equal(PartitionTuner.RowsLeafRows, new PartitionTuner(null, null, 250_000, 2, checksums: false).LeafRows);
        Assert.Equal(20_000, new PartitionTuner(null, null, 20_000, 2, checksums: false).LeafRows);
    }

    [Fact]
    public void Slow_round_trips_make_leaves_larger_and_fast_ones_smaller()
    {
        var slow = new PartitionTuner(null, null, 250_000, 2, checksums: true);
        var fast = new PartitionTuner(null, null, 250_000, 2, checksums: true);
        foreach (var _ in Enumerable.Range(0, 5))
        {
            slow.ObserveFetch(5_000, TimeSpan.FromMilliseconds(50)); // 100k rows/s, 50 ms at least per query
            fast.ObserveFetch(5_000, TimeSpan.FromMilliseconds(5));
            fast.ObserveFetch(10, TimeSpan.FromMilliseconds(0.02));
        }

        Assert.True(slow.LeafRows > fast.LeafRows, $"{slow.LeafRows} <= {fast.LeafRows}");
        Assert.Equal(PartitionTuner.MaxAutoLeafRows, slow.LeafRows);
        Assert.Equal(PartitionTuner.MinAutoLeafRows, fast.LeafRows);
    }

    [Fact]
    public void Differences_everywhere_are_fetched_and_scattered_ones_split()
    {
        var tuner = new PartitionTuner(null, null, 250_000, 2, checksums: true);
        tuner.ObserveScan(1_000_000, TimeSpan.FromSeconds(1)); // scanning 4x faster than fetching
        tuner.ObserveFetch(10_000, TimeSpan.FromMilliseconds(40));
        Assert.True(tuner.FetchRatherThanSplit(50_000, unequalFraction: 1.0, uniform: true));
        Assert.False(tuner.FetchRatherThanSplit(50_000, unequalFraction: 0.01, uniform: true));
    }
}
