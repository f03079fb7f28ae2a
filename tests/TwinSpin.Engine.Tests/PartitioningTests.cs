using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Runner;
using Xunit;

namespace TwinSpin.Engine.Tests;

public sealed class PartitioningTests
{
    [Theory]
    [InlineData(1, 1000, 16)]
    [InlineData(1, 5, 16)]
    [InlineData(long.MinValue, long.MaxValue, 16)]
    [InlineData(-10, 10, 3)]
    [InlineData(0, 1, 2)]
    public void Value_split_boundaries_are_increasing_and_inside_the_range(long min, long max, int fanOut)
    {
        var bounds = SplitPlanner.ByValue(min, max, fanOut).Boundaries.Select(b => (long)b.Values[0]).ToList();
        Assert.NotEmpty(bounds);
        Assert.True(bounds.Count <= fanOut - 1);
        Assert.All(bounds, b => Assert.InRange(b, min + 1, max));
        Assert.Equal(bounds.OrderBy(b => b).Distinct(), bounds);
    }

    [Fact]
    public void A_single_value_cannot_be_split_by_value() => Assert.Empty(SplitPlanner.ByValue(7, 7, 16).Boundaries);

    [Theory]
    [InlineData(CompareStrategy.Checksum)]
    [InlineData(CompareStrategy.Rows)]
    public async Task Big_gaps_and_skew_terminate_with_bounded_depth(CompareStrategy strategy)
    {
        using var directory = new TempDirectory();
        // 3,000 dense keys, a handful of keys near the top of the long range, and one extra row on the target there.
        string[] rows =
        [
            "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)",
            SqliteTables.Series("t", 1, 3000),
            "INSERT INTO t VALUES (9223372036854775000, 'far'), (9223372036854775806, 'edge'), (-9223372036854775807, 'low')",
        ];
        var source = SqliteTables.Create(directory, "s.db", rows);
        var target = SqliteTables.Create(directory, "t.db", [.. rows, "INSERT INTO t VALUES (9223372036854775001, 'extra')", "UPDATE t SET v = 'changed' WHERE id = 1500"]);
        var listener = new CollectingListener();
        var request = new CompareRequest(SqliteTables.Spec(source), SqliteTables.Spec(target))
        {
            Options = new JobOptions { Strategy = strategy, PartitionRowThreshold = 10, FanOut = 4, Parallelism = 2 },
        };

        await JobService.CompareAsync(request, listener, CancellationToken.None);

        Assert.Equal(["MissingInSource i:9223372036854775001 []", "ValueMismatch i:1500 [v]"], NaiveDiff.Actual(listener.Discrepancies));
        // Skewed children switch to quantile splits, so depth stays near log_fanOut(rows / threshold), far below 64 bisections.
        Assert.True(listener.Partitions.Max(p => p.Depth) <= 8, $"depth {listener.Partitions.Max(p => p.Depth)}");
    }

    [Fact]
    public async Task Max_depth_zero_fetches_the_whole_range_as_one_leaf()
    {
        using var directory = new TempDirectory();
        var source = SqliteTables.Create(directory, "s.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", SqliteTables.Series("t", 1, 500));
        var target = SqliteTables.Create(directory, "t.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", SqliteTables.Series("t", 2, 501));
        var listener = new CollectingListener();
        var request = new CompareRequest(SqliteTables.Spec(source), SqliteTables.Spec(target))
        {
            Options = new JobOptions { PartitionRowThreshold = 10, MaxDepth = 0 },
        };

        await JobService.CompareAsync(request, listener, CancellationToken.None);

        Assert.Equal(["MissingInSource i:501 []", "MissingInTarget i:1 []"], NaiveDiff.Actual(listener.Discrepancies));
        Assert.All(listener.Partitions, p => Assert.Equal(0, p.Depth));
    }

    [Fact]
    public async Task A_key_range_and_a_filter_limit_the_rows_compared()
    {
        using var directory = new TempDirectory();
        var source = SqliteTables.Create(directory, "s.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", SqliteTables.Series("t", 1, 1000));
        var target = SqliteTables.Create(directory, "t.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", SqliteTables.Series("t", 1, 1000),
            "UPDATE t SET v = 'x' WHERE id IN (5, 100, 150, 151, 700)");
        var listener = new CollectingListener();
        var request = new CompareRequest(SqliteTables.Spec(source), SqliteTables.Spec(target))
        {
            Range = new KeyRange(new KeyBound([100L]), new KeyBound([700L])),
            Where = "id <> 151",
            Options = new JobOptions { PartitionRowThreshold = 20, FanOut = 3 },
        };

        await JobService.CompareAsync(request, listener, CancellationToken.None);

        Assert.Equal(["ValueMismatch i:100 [v]", "ValueMismatch i:150 [v]"], NaiveDiff.Actual(listener.Discrepancies));
    }

    [Fact]
    public async Task Duplicate_keys_inside_a_leaf_are_reported_not_merged()
    {
        using var directory = new TempDirectory();
        // No unique index: the engine must notice duplicates itself when it fetches rows.
        var source = SqliteTables.Create(directory, "s.db", "CREATE TABLE t (id INTEGER, v TEXT)", "INSERT INTO t VALUES (1,'a'), (2,'b'), (2,'b'), (3,'c')");
        var target = SqliteTables.Create(directory, "t.db", "CREATE TABLE t (id INTEGER, v TEXT)", "INSERT INTO t VALUES (1,'a'), (2,'b'), (3,'z')");
        var listener = new CollectingListener();
        var request = new CompareRequest(SqliteTables.Spec(source), SqliteTables.Spec(target)) { KeyColumns = ["id"] };

        await JobService.CompareAsync(request, listener, CancellationToken.None);

        var duplicate = Assert.Single(listener.Discrepancies, d => d.Type == Diffing.DiscrepancyType.DuplicateKey);
        Assert.Equal(Side.Source, duplicate.DuplicateSide);
        Assert.Equal(2, duplicate.DuplicateCount);
        Assert.Contains(listener.Discrepancies, d => d.Type == Diffing.DiscrepancyType.ValueMismatch);
    }
}

public sealed class IdentifierTests
{
    [Fact]
    public async Task Schema_qualified_tables_and_identifiers_that_need_quoting_work()
    {
        using var directory = new TempDirectory();
        string[] create =
        [
            "CREATE TABLE \"order \"\"details\"\"\" (\"order id\" INTEGER PRIMARY KEY, \"unit price\" REAL, \"select\" TEXT)",
            "INSERT INTO \"order \"\"details\"\"\" WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 300) SELECT n, n * 1.5, 'x' || n FROM c",
        ];
        var source = SqliteTables.Create(directory, "s.db", create);
        var target = SqliteTables.Create(directory, "t.db", [.. create, "UPDATE \"order \"\"details\"\"\" SET \"select\" = 'changed' WHERE \"order id\" = 77"]);
        var listener = new CollectingListener();
        var request = new Runner.CompareRequest(SqliteTables.Spec(source, "main.order \"details\""), SqliteTables.Spec(target, "order \"details\""))
        {
            Options = new Runner.JobOptions { PartitionRowThreshold = 10 },
        };

        await Runner.JobService.CompareAsync(request, listener, CancellationToken.None);

        var found = Assert.Single(listener.Discrepancies);
        Assert.Equal("order id", found.Key[0].Column);
        Assert.Equal(77L, found.Key[0].Value);
        Assert.Equal("select", Assert.Single(found.Fields).Column);
    }
}

public sealed class LeafSizeTests
{
    [Fact]
    public async Task No_leaf_exceeds_the_leaf_row_limit_even_past_max_depth()
    {
        using var directory = new TempDirectory();
        var source = SqliteTables.Create(directory, "s.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", SqliteTables.Series("t", 1, 3000));
        var target = SqliteTables.Create(directory, "t.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", SqliteTables.Series("t", 1, 3000),
            "UPDATE t SET v = 'x' WHERE id IN (7, 1500, 2999)");
        var listener = new CollectingListener();
        var request = new Runner.CompareRequest(SqliteTables.Spec(source), SqliteTables.Spec(target))
        {
            Options = new Runner.JobOptions { PartitionRowThreshold = 50, MaxDepth = 0, MaxLeafRows = 400, FanOut = 4 },
        };

        await Runner.JobService.CompareAsync(request, listener, CancellationToken.None);

        Assert.Equal(["ValueMismatch i:1500 [v]", "ValueMismatch i:2999 [v]", "ValueMismatch i:7 [v]"], NaiveDiff.Actual(listener.Discrepancies));
        var fetched = listener.Partitions.Where(p => p.Status is Store.PartitionStatus.Mismatched).ToList();
        Assert.NotEmpty(fetched);
        Assert.All(fetched, p => Assert.True(Math.Max(p.SourceRows, p.TargetRows) <= 400, $"leaf of {p.SourceRows} rows"));
    }
}
