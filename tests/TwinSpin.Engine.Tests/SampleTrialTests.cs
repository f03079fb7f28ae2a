using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Sampling;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// Test-TwinSpinSample's engine on real tables with a planted difference rate: every difference found is a planted one,
/// over 100 seeded trials the 95% bound covers the true rate in at least 90 (deterministic: fixed seeds) and the measured
/// rate averages close to it, a seed draws the same keys again, and a pair without differences reports none.
/// </summary>
public sealed class SampleTrialTests
{
    private const int Rows = 20_000;

    /// <summary>1% of the rows differ: half changed in the target, half deleted from it; one row exists only in the target.</summary>
    private static (string Source, string Target, HashSet<long> Planted) PlantedPair(TempDirectory directory)
    {
        // Seed 12 is also one of the trials' seeds: KeySeek mixes its seed, or that trial would seek exactly these keys.
        var random = new Random(12);
        var planted = new HashSet<long>();
        while (planted.Count < Rows / 100)
        {
            planted.Add(random.NextInt64(1, Rows + 1));
        }

        var changed = string.Join(",", planted.Take(planted.Count / 2));
        var deleted = string.Join(",", planted.Skip(planted.Count / 2));
        const string create = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)";
        var source = SqliteTables.Create(directory, "s.db", create, SqliteTables.Series("t", 1, Rows));
        var target = SqliteTables.Create(directory, "t.db", create, SqliteTables.Series("t", 1, Rows),
            $"UPDATE t SET v = 'changed' WHERE id IN ({changed})", $"DELETE FROM t WHERE id IN ({deleted})", "INSERT INTO t VALUES (99999, 'target only')");
        return (source, target, planted);
    }

    private static Task<SampleOutcome> SampleAsync(string source, string target, int size, int seed, SampleMethod method = SampleMethod.Auto) =>
        SampleService.RunAsync(new SampleRequest(new CompareRequest(SqliteTables.Spec(source), SqliteTables.Spec(target)))
        {
            Size = size,
            Seed = seed,
            Method = method,
        }, null, null, CancellationToken.None);

    [Theory]
    [InlineData(SampleMethod.KeySeek)]
    [InlineData(SampleMethod.KeyScan)]
    public async Task Bound_covers_a_planted_1_percent_rate_in_at_least_90_of_100_seeded_trials(SampleMethod method)
    {
        using var directory = new TempDirectory();
        var (source, target, planted) = PlantedPair(directory);
        var covered = 0;
        var rates = new List<double>();
        for (var seed = 1; seed <= 100; seed++)
        {
            var outcome = await SampleAsync(source, target, 500, seed, method);
            Assert.Equal(method, outcome.Method);
            Assert.Equal(500, outcome.Sampled);
            Assert.All(outcome.Discrepancies, d => Assert.Contains((long)d.Key[0].Value!, planted));
            Assert.DoesNotContain(outcome.Discrepancies, d => d.Type == DiscrepancyType.MissingInSource); // the target-only row is never drawn
            Assert.Equal(outcome.Discrepancies.Count, outcome.Differences);
            Assert.Equal(outcome.Keys.Count(k => planted.Contains((long)k[0])), outcome.Differences);
            covered += outcome.UpperBound >= 0.01 ? 1 : 0;
            rates.Add(outcome.DifferenceRate);
        }

        Assert.True(covered >= 90, $"the 95% bound covered the planted rate in {covered} of 100 trials");
        Assert.InRange(rates.Average(), 0.0085, 0.0115);
    }

    /// <summary>Keys in runs of 10 with gaps of 90 between runs, the first row of every tenth run differing (1%): the rows a
    /// seek to the next key would favour tenfold. Points that hit a key sample it, so the measured rate stays near 1%.</summary>
    [Fact]
    public async Task Gaps_in_the_key_do_not_bias_KeySeek()
    {
        using var directory = new TempDirectory();
        const string create = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)";
        var rows = "INSERT INTO t WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n < 19999) SELECT (n / 10) * 100 + n % 10, 'v' FROM c";
        var source = SqliteTables.Create(directory, "s.db", create, rows);
        var target = SqliteTables.Create(directory, "t.db", create, rows, "UPDATE t SET v = 'x' WHERE id % 1000 = 0");
        var rates = new List<double>();
        for (var seed = 1; seed <= 50; seed++)
        {
            var outcome = await SampleAsync(source, target, 500, seed, SampleMethod.KeySeek);
            Assert.Equal(500, outcome.Sampled);
            Assert.All(outcome.Discrepancies, d => Assert.Equal(0L, (long)d.Key[0].Value! % 1000));
            rates.Add(outcome.DifferenceRate);
        }

        Assert.InRange(rates.Average(), 0.0075, 0.0125);
    }

    [Fact]
    public async Task A_seed_draws_the_same_keys_again_and_another_seed_others()
    {
        using var directory = new TempDirectory();
        var (source, target, _) = PlantedPair(directory);
        foreach (var method in new[] { SampleMethod.KeySeek, SampleMethod.KeyScan })
        {
            var first = await SampleAsync(source, target, 2_000, 7, method);
            var again = await SampleAsync(source, target, 2_000, 7, method);
            var other = await SampleAsync(source, target, 2_000, 8, method);
            Assert.Equal(KeySet(first), KeySet(again));
            Assert.NotEqual(KeySet(first), KeySet(other));
            Assert.Equal(2_000, first.Keys.Select(k => (long)k[0]).Distinct().Count());
        }
    }

    [Fact]
    public async Task An_equal_pair_reports_no_difference_and_the_rule_of_three_bound()
    {
        using var directory = new TempDirectory();
        var (source, _, _) = PlantedPair(directory);
        var outcome = await SampleAsync(source, source, 10_000, 3);
        Assert.Equal(SampleMethod.KeySeek, outcome.Method);
        Assert.Equal(10_000, outcome.Sampled);
        Assert.Equal(0, outcome.Differences);
        Assert.Equal(1 - Math.Pow(0.05, 1.0 / 10_000), outcome.UpperBound, 12);
        Assert.InRange(outcome.Queries, 80, 100); // about 14,000 points 4,096 a query, and 2 x 40 fetches of 256 keys: no scan
    }

    [Fact]
    public async Task A_small_table_is_sampled_whole()
    {
        using var directory = new TempDirectory();
        var source = SqliteTables.Create(directory, "small.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", SqliteTables.Series("t", 1, 300));
        var outcome = await SampleAsync(source, source, 1_000, 1);
        Assert.Equal(300, outcome.Sampled);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), outcome.Keys.Select(k => (long)k[0]).Order());
    }

    [Fact]
    public async Task A_text_key_is_sampled_by_a_key_scan_and_KeySeek_is_refused()
    {
        using var directory = new TempDirectory();
        const string create = "CREATE TABLE t (code TEXT PRIMARY KEY, v TEXT)";
        var rows = "INSERT INTO t WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5000) SELECT 'k' || n, 'v' || n FROM c";
        var source = SqliteTables.Create(directory, "s.db", create, rows);
        var target = SqliteTables.Create(directory, "t.db", create, rows, "UPDATE t SET v = 'x' WHERE code IN ('k10', 'k20', 'k30')");
        var outcome = await SampleAsync(source, target, 5_000, 1);
        Assert.Equal(SampleMethod.KeyScan, outcome.Method);
        Assert.Equal(3, outcome.Differences);
        var refused = await Assert.ThrowsAsync<TwinSpinException>(() => SampleAsync(source, target, 100, 1, SampleMethod.KeySeek));
        Assert.Equal(ErrorCode.InvalidArgument, refused.Code);
    }

    [Fact]
    public async Task Postgres_page_sampling_finds_only_planted_differences_and_repeats_with_its_seed()
    {
        using var database = new PostgresDatabase();
        database.Execute(
            "CREATE TABLE s (id bigint PRIMARY KEY, v text)", "INSERT INTO s SELECT n, 'v' || n FROM generate_series(1, 20000) n",
            "CREATE TABLE t (id bigint PRIMARY KEY, v text)", "INSERT INTO t SELECT n, CASE WHEN n % 100 = 0 THEN 'x' ELSE 'v' || n END FROM generate_series(1, 20000) n",
            "ANALYZE s", "ANALYZE t");
        var request = new SampleRequest(new CompareRequest(database.Spec("s"), database.Spec("t"))) { Size = 2_000, Seed = 5, Method = SampleMethod.TableSample };
        var first = await SampleService.RunAsync(request, null, null, CancellationToken.None);
        var again = await SampleService.RunAsync(request, null, null, CancellationToken.None);
        Assert.Equal(SampleMethod.TableSample, first.Method);
        Assert.Equal(2_000, first.Sampled);
        Assert.Equal(20_000, first.TableRows);
        Assert.All(first.Discrepancies, d => Assert.Equal(0L, (long)d.Key[0].Value! % 100));
        Assert.Equal(first.Keys.Count(k => (long)k[0] % 100 == 0), first.Differences);
        Assert.Equal(KeySet(first), KeySet(again));

        var seek = await SampleService.RunAsync(request with { Method = SampleMethod.Auto }, null, null, CancellationToken.None);
        Assert.Equal(SampleMethod.KeySeek, seek.Method);
        Assert.All(seek.Discrepancies, d => Assert.Equal(0L, (long)d.Key[0].Value! % 100));
    }

    [Fact]
    public async Task MariaDb_key_lookups_and_key_scan_find_only_planted_differences()
    {
        using var database = new MariaDbDatabase();
        database.Execute(
            "CREATE TABLE s (id bigint PRIMARY KEY, v varchar(20))", "CREATE TABLE t (id bigint PRIMARY KEY, v varchar(20))",
            "SET STATEMENT max_recursive_iterations = 100000 FOR INSERT INTO s WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 9000) SELECT n * 3, CONCAT('v', n) FROM c",
            "INSERT INTO t SELECT id, CASE WHEN id % 300 = 0 THEN 'x' ELSE v END FROM s WHERE id % 900 <> 3");
        foreach (var method in new[] { SampleMethod.KeySeek, SampleMethod.KeyScan })
        {
            var request = new SampleRequest(new CompareRequest(database.Spec("s"), database.Spec("t"))) { Size = 3_000, Seed = 4, Method = method };
            var outcome = await SampleService.RunAsync(request, null, null, CancellationToken.None);
            Assert.Equal(3_000, outcome.Sampled);
            Assert.All(outcome.Discrepancies, d => Assert.True(
                d.Type == DiscrepancyType.ValueMismatch ? (long)d.Key[0].Value! % 300 == 0 : d.Type == DiscrepancyType.MissingInTarget && (long)d.Key[0].Value! % 900 == 3));
            Assert.Equal(outcome.Keys.Count(k => Convert.ToInt64(k[0]) % 300 == 0 || Convert.ToInt64(k[0]) % 900 == 3), outcome.Differences);
            Assert.True(outcome.Differences > 0);
        }
    }

    private static HashSet<long> KeySet(SampleOutcome outcome) => outcome.Keys.Select(k => Convert.ToInt64(k[0])).ToHashSet();
}
