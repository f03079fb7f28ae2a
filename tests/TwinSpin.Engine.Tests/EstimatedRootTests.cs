using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// A large table with an integer key and statistics is split without being counted first: the root starts with
/// the statistics' row estimate and its key's MIN and MAX. The statistics may be stale; the split's scan counts
/// every bucket, so the root's recorded rows, the totals and the differences found are the real ones. A filter,
/// or statistics saying the table is small, keep the count.
/// </summary>
public sealed class EstimatedRootTests
{
    private const long Rows = 150_000;

    // Planted after ANALYZE, so the statistics are stale: 2 deleted, 1 changed and 3 added rows in the target.
    private static readonly string[] TargetChanges =
    [
        "DELETE FROM {0} WHERE id IN (1, 77777)",
        "UPDATE {0} SET v = 'changed' WHERE id = 120000",
        "INSERT INTO {0} (id, v) VALUES (150001, 'a'), (150002, 'b'), (400000, 'c')",
    ];

    private static readonly string[] Planted =
    [
        "MissingInTarget i:1 []", "MissingInTarget i:77777 []", "ValueMismatch i:120000 [v]",
        "MissingInSource i:150001 []", "MissingInSource i:150002 []", "MissingInSource i:400000 []",
    ];

    [Fact]
    public async Task Sqlite_root_starts_from_stale_statistics_and_ends_with_the_real_counts()
    {
        using var directory = new TempDirectory();
        var (source, target) = WriteSqlite(directory);

        var (listener, summary) = await CompareAsync(SqliteTables.Spec(source), SqliteTables.Spec(target));

        AssertEstimatedThenCounted(listener, summary, estimate: Rows, targetRows: Rows + 1);
    }

    [Theory]
    [InlineData(CompareStrategy.Checksum)]
    [InlineData(CompareStrategy.Rows)]
    public async Task Postgres_root_starts_from_stale_statistics_and_ends_with_the_real_counts(CompareStrategy strategy)
    {
        using var database = new PostgresDatabase();
        foreach (var table in new[] { "src", "tgt" })
        {
            database.Execute($"CREATE TABLE {table} (id bigint PRIMARY KEY, v text)",
                $"INSERT INTO {table} SELECT n, 'v' || n FROM generate_series(1, {Rows}) n", $"ANALYZE {table}");
        }

        database.Execute(Changes("tgt"));

        var (listener, summary) = await CompareAsync(database.Spec("src"), database.Spec("tgt"), strategy);

        AssertEstimatedThenCounted(listener, summary, estimate: Rows, targetRows: Rows + 1);
    }

    [Fact]
    public async Task A_filter_keeps_the_count()
    {
        using var directory = new TempDirectory();
        var (source, target) = WriteSqlite(directory);

        var (listener, summary) = await CompareAsync(SqliteTables.Spec(source) with { Where = "id > 0" }, SqliteTables.Spec(target) with { Where = "id > 0" });

        Assert.Equal(Planted.Order(StringComparer.Ordinal), NaiveDiff.Actual(listener.Discrepancies));
        var pending = listener.Partitions.First(p => p.Depth == 0 && p.Status == PartitionStatus.Pending);
        Assert.Equal((Rows, Rows + 1), (pending.SourceRows, pending.TargetRows)); // counted, not estimated
        Assert.Equal(2 * Rows + 1, summary.TotalRows);
    }

    /// <summary>-Strategy Rows on SQLite cuts the root by value without counting its children, sized from its count.</summary>
    [Fact]
    public async Task Rows_strategy_in_process_keeps_the_count()
    {
        using var directory = new TempDirectory();
        var (source, target) = WriteSqlite(directory);

        var (listener, summary) = await CompareAsync(SqliteTables.Spec(source), SqliteTables.Spec(target), CompareStrategy.Rows);

        Assert.Equal(Planted.Order(StringComparer.Ordinal), NaiveDiff.Actual(listener.Discrepancies));
        var pending = listener.Partitions.First(p => p.Depth == 0 && p.Status == PartitionStatus.Pending);
        Assert.Equal((Rows, Rows + 1), (pending.SourceRows, pending.TargetRows));
        Assert.Equal(2 * Rows + 1, summary.TotalRows);
    }

    /// <summary>A root from statistics that is fetched whole rather than split (no depth allowed) gets its real
    /// counts from the fetch: the totals are the rows compared, not the statistics.</summary>
    [Fact]
    public async Task A_root_from_statistics_fetched_whole_ends_with_the_real_counts()
    {
        using var directory = new TempDirectory();
        var (source, target) = WriteSqlite(directory);
        foreach (var path in new[] { source, target })
        {
            using var shrink = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
            shrink.Open();
            using var command = shrink.CreateCommand();
            command.CommandText = "DELETE FROM t WHERE id > 60000 AND id < 150001"; // the statistics still say 150,000
            command.ExecuteNonQuery();
        }

        var listener = new CollectingListener();
        var request = new CompareRequest(SqliteTables.Spec(source), SqliteTables.Spec(target))
        {
            Options = new JobOptions { Strategy = CompareStrategy.Checksum, MaxDepth = 0, Parallelism = 1 },
        };
        var summary = await JobService.CompareAsync(request, listener, CancellationToken.None);

        // 77777 and 120000 are gone from both sides now.
        Assert.Equal(["MissingInSource i:150001", "MissingInSource i:150002", "MissingInSource i:400000", "MissingInTarget i:1"],
            NaiveDiff.Actual(listener.Discrepancies).Select(d => d.Replace(" []", string.Empty)));
        Assert.Equal((Rows, Rows), (listener.Partitions.First(p => p.Depth == 0).SourceRows, listener.Partitions.First(p => p.Depth == 0).TargetRows));
        Assert.Equal(60_000 + 60_002, summary.TotalRows);
        Assert.Equal(summary.TotalRows, summary.ProcessedRows);
    }

    [Fact]
    public async Task Statistics_of_a_small_table_keep_the_count()
    {
        using var directory = new TempDirectory();
        var source = SqliteTables.Create(directory, "s.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", SqliteTables.Series("t", 1, 5000), "ANALYZE");
        // The statistics say 5,000 rows; the table grows past the estimate threshold after ANALYZE.
        using (var grow = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={source}"))
        {
            grow.Open();
            using var command = grow.CreateCommand();
            command.CommandText = SqliteTables.Series("t", 5001, Rows);
            command.ExecuteNonQuery();
        }

        var (listener, summary) = await CompareAsync(SqliteTables.Spec(source), SqliteTables.Spec(source));

        Assert.Empty(listener.Discrepancies);
        var pending = listener.Partitions.First(p => p.Depth == 0 && p.Status == PartitionStatus.Pending);
        Assert.Equal((Rows, Rows), (pending.SourceRows, pending.TargetRows));
        Assert.Equal(2 * Rows, summary.TotalRows);
    }

    private static void AssertEstimatedThenCounted(CollectingListener listener, RunSummary summary, long estimate, long targetRows)
    {
        Assert.Equal(Planted.Order(StringComparer.Ordinal), NaiveDiff.Actual(listener.Discrepancies));
        var root = listener.Partitions.Where(p => p.Depth == 0).ToList();
        var pending = root.First(p => p.Status == PartitionStatus.Pending);
        Assert.Equal((estimate, estimate), (pending.SourceRows, pending.TargetRows)); // the statistics, not a count
        var split = root.Single(p => p.Status == PartitionStatus.Split);
        Assert.Equal((Rows, targetRows), (split.SourceRows, split.TargetRows));
        Assert.Equal(Rows + targetRows, summary.TotalRows);
        Assert.Equal(Rows + targetRows, summary.ProcessedRows);
    }

    private static (string Source, string Target) WriteSqlite(TempDirectory directory)
    {
        string Write(string name, params string[] changes) => SqliteTables.Create(directory, name,
            ["CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", SqliteTables.Series("t", 1, Rows), "ANALYZE", .. changes]);
        return (Write("s.db"), Write("t.db", Changes("t")));
    }

    private static string[] Changes(string table) => TargetChanges.Select(c => string.Format(System.Globalization.CultureInfo.InvariantCulture, c, table)).ToArray();

    private static async Task<(CollectingListener Listener, RunSummary Summary)> CompareAsync(EndpointSpec source, EndpointSpec target,
        CompareStrategy strategy = CompareStrategy.Checksum)
    {
        var listener = new CollectingListener();
        var request = new CompareRequest(source, target) { Options = new JobOptions { Strategy = strategy, Parallelism = 2 } };
        var summary = await JobService.CompareAsync(request, listener, CancellationToken.None);
        return (listener, summary);
    }
}
