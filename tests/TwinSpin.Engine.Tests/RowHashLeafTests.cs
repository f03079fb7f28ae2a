using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Runner;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// Unequal leaves of a same-engine pair read each row's key and row hash first and fetch whole only the rows
/// whose hashes differ. The keys told apart must be exactly those a naive comparison finds, the job must still
/// report exactly the naive diff, and only the differing rows may travel; with the portable contract, leaves
/// are fetched whole as before.
/// </summary>
public sealed class RowHashLeafTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Differing_keys_are_those_a_naive_comparison_finds(int seed)
    {
        var random = new Random(seed);
        object[] NewKey(int i) => seed % 2 == 0
            ? [(long)i]
            : [$"k{i % 7}", new byte[] { (byte)(i / 256), (byte)i }]; // compound, with a binary part compared by content
        var source = Enumerable.Range(0, 2000).Select(i => new RowHash(NewKey(i), (ulong)random.NextInt64())).ToList();
        var target = new List<RowHash>();
        foreach (var row in source)
        {
            switch (random.Next(40))
            {
                case 0: break; // missing in the target
                case 1: target.Add(row with { Hash = row.Hash ^ 1 }); break; // changed
                case 2: target.Add(row); target.Add(row with { Key = (object[])row.Key.Clone() }); break; // the key twice
                default: target.Add(row with { Key = (object[])row.Key.Clone() }); break; // equal, in another key instance
            }
        }

        target.AddRange(Enumerable.Range(5000, 30).Select(i => new RowHash(NewKey(i), 7))); // extra in the target
        Shuffle(random, target);

        var differing = RowHashDiff.Differing(source, target);
        var found = differing.Keys.Select(KeyText).ToHashSet();

        var naive = source.Concat(target).Select(r => KeyText(r.Key)).Distinct()
            .Where(key =>
            {
                var inSource = source.Where(r => KeyText(r.Key) == key).Select(r => r.Hash).ToList();
                var inTarget = target.Where(r => KeyText(r.Key) == key).Select(r => r.Hash).ToList();
                return inSource.Count != 1 || inTarget.Count != 1 || inSource[0] != inTarget[0];
            })
            .ToHashSet();
        Assert.NotEmpty(naive);
        Assert.Equal(naive.Order(), found.Order());
        Assert.Equal(found.Count, differing.Keys.Count); // each key once
        Assert.Equal(source.Count(r => found.Contains(KeyText(r.Key))), differing.SourceRows);
        Assert.Equal(target.Count(r => found.Contains(KeyText(r.Key))), differing.TargetRows);
    }

    [Theory]
    [InlineData(KeyShape.Integer, 11)]
    [InlineData(KeyShape.Text, 12)]
    [InlineData(KeyShape.Compound, 13)]
    public async Task Sqlite_same_engine_leaves_fetch_only_the_differing_rows(KeyShape shape, int seed)
    {
        using var directory = new TempDirectory();
        var pair = new RandomTablePair(seed, shape, rows: 20_000, perturbations: 20);
        var (source, target) = pair.Write(directory);
        var expected = NaiveDiff.Expected(pair);

        var hashed = await CompareAsync(pair, SqliteTables.Spec(source), SqliteTables.Spec(target), portableHash: false);
        var portable = await CompareAsync(pair, SqliteTables.Spec(source), SqliteTables.Spec(target), portableHash: true);

        Assert.Equal(expected, hashed.Found);
        Assert.Equal(expected, portable.Found);
        // At most one row a side per differing key (a changed row gives one discrepancy per field, so at least one).
        Assert.InRange(hashed.Summary.FetchedRows, 1, 2 * expected.Count);
        // The portable contract has no row hash to ask for: its unequal leaves are fetched whole.
        Assert.True(portable.Summary.FetchedRows > 10 * expected.Count, $"{portable.Summary.FetchedRows} rows fetched");
    }

    [Fact]
    public async Task Postgres_same_engine_leaves_fetch_only_the_differing_rows()
    {
        using var database = new PostgresDatabase();
        var pair = new RandomTablePair(14, KeyShape.Compound, rows: 20_000, perturbations: 20);
        pair.WritePostgres(database, "src", source: true);
        pair.WritePostgres(database, "tgt", source: false);
        var expected = NaiveDiff.Expected(pair);

        var hashed = await CompareAsync(pair, database.Spec("src"), database.Spec("tgt"), portableHash: false);

        Assert.Equal(expected, hashed.Found);
        Assert.InRange(hashed.Summary.FetchedRows, 1, 2 * expected.Count);
    }

    /// <summary>char(n) keys come back padded and are sent as text: compared as bpchar, they still find their rows.</summary>
    [Fact]
    public async Task Postgres_fixed_width_keys_are_fetched_by_key()
    {
        using var database = new PostgresDatabase();
        foreach (var table in new[] { "src", "tgt" })
        {
            database.Execute($"CREATE TABLE {table} (code char(12) PRIMARY KEY, v text)",
                $"INSERT INTO {table} SELECT 'c' || n, 'v' || n FROM generate_series(1, 20000) n");
        }

        database.Execute("UPDATE tgt SET v = 'changed' WHERE code IN ('c123', 'c9999', 'c17001')", "DELETE FROM tgt WHERE code = 'c4242'");

        var (summary, found, warnings) = await CompareAsync(database.Spec("src"), database.Spec("tgt"), new JobOptions { Parallelism = 2 });

        Assert.Equal(new[] { "MissingInTarget s:c4242 []", "ValueMismatch s:c123 [v]", "ValueMismatch s:c17001 [v]", "ValueMismatch s:c9999 [v]" }, found);
        Assert.InRange(summary.FetchedRows, 1, 2 * 4);
        Assert.Empty(warnings);
    }

    /// <summary>A key the driver cannot read back as stored (text that is not valid UTF-8) is not found by its value:
    /// its range is fetched whole, so its difference is still reported, and the job says why it fetched more.</summary>
    [Fact]
    public async Task A_key_that_does_not_come_back_by_value_gets_its_range_fetched_whole()
    {
        using var directory = new TempDirectory();
        string Write(string name, string value) => SqliteTables.Create(directory, name, "CREATE TABLE t (code TEXT PRIMARY KEY, v TEXT)",
            SqliteTables.Series("t", 1, 2000, "'v' || n").Replace("SELECT n,", "SELECT 'k' || n,"),
            $"INSERT INTO t VALUES (CAST(x'6b3530305fff' AS TEXT), '{value}')");
        var (source, target) = (Write("s.db", "a"), Write("t.db", "b"));

        var (summary, found, warnings) = await CompareAsync(SqliteTables.Spec(source), SqliteTables.Spec(target),
            new JobOptions { PartitionRowThreshold = 100, FanOut = 8, Parallelism = 1 });

        var only = Assert.Single(found);
        Assert.StartsWith("ValueMismatch", only);
        Assert.EndsWith("[v]", only);
        Assert.True(summary.FetchedRows > 2, $"{summary.FetchedRows} rows fetched");
        Assert.Contains(warnings, w => w.Contains("fetched whole", StringComparison.Ordinal));
    }

    /// <summary>A leaf with more differing rows than one fetch by key takes is fetched whole; the others' keys are
    /// fetched in several chunks. Everything planted is found, nothing else.</summary>
    [Fact]
    public async Task Leaves_with_many_differing_rows_are_fetched_whole_and_the_rest_by_key_in_chunks()
    {
        using var directory = new TempDirectory();
        const string schema = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)";
        var source = SqliteTables.Create(directory, "s.db", schema, SqliteTables.Series("t", 1, 20000));
        // A dense run (401 rows, more than a fetch by key takes) and every 37th row elsewhere.
        var target = SqliteTables.Create(directory, "t.db", schema, SqliteTables.Series("t", 1, 20000),
            "UPDATE t SET v = 'changed' WHERE id BETWEEN 2600 AND 3000 OR id % 37 = 0");
        var changed = Enumerable.Range(1, 20000).Where(id => id is >= 2600 and <= 3000 || id % 37 == 0).ToList();

        var (summary, found, warnings) = await CompareAsync(SqliteTables.Spec(source), SqliteTables.Spec(target),
            new JobOptions { PartitionRowThreshold = 2000, FanOut = 16, Parallelism = 2 });

        Assert.Equal(changed.Select(id => $"ValueMismatch i:{id} [v]").Order(StringComparer.Ordinal), found);
        Assert.Empty(warnings);
        // The dense run's leaf (1,250 rows a side) came whole; the other differing rows one a side each.
        Assert.InRange(summary.FetchedRows, 2 * 1250, 2 * 1250 + 2 * changed.Count);
    }

    /// <summary>Keys fetched by value come back per group, only those asked for, within the group's range and the
    /// endpoint's filter; keys with no row (or outside either) bring nothing.</summary>
    [Fact]
    public async Task Keys_are_fetched_per_group_within_range_and_filter()
    {
        using var directory = new TempDirectory();
        var path = SqliteTables.Create(directory, "k.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", SqliteTables.Series("t", 1, 1000));
        var spec = SqliteTables.Spec(path) with { Where = "id <> 503" };
        var (resolved, plan, _, _) = await Preflight.PlanAsync(new CompareRequest(spec, spec), null, CancellationToken.None);
        await using var session = await EndpointSession.OpenAsync(resolved.Source, Side.Source, plan, null, CancellationToken.None);
        (KeyRange Range, IReadOnlyList<object[]> Keys)[] groups =
        [
            (new KeyRange(new KeyBound([500L]), new KeyBound([520L])), [[501L], [503L], [519L], [520L]]), // 503 filtered, 520 past the range
            (new KeyRange(null, new KeyBound([10L])), [[1L], [5000L]]),
            (new KeyRange(new KeyBound([990L]), null), [[1000L], [995L]]),
        ];

        var (rows, counts) = await session.FetchKeysAsync(groups, CancellationToken.None);

        using (rows)
        {
            Assert.Equal([2, 1, 2], counts);
            var ids = Enumerable.Range(0, rows.Length).Select(r => ((Apache.Arrow.Int64Array)rows.Column(0)).GetValue(r)!.Value).ToList();
            Assert.Equal([501L, 519L], ids.Take(2).Order());
            Assert.Equal(1L, ids[2]);
            Assert.Equal([995L, 1000L], ids.Skip(3).Order());
        }

        var hashes = await session.RowHashRangesAsync(groups.Select(g => g.Range).ToList(), CancellationToken.None);
        Assert.Equal([19, 9, 11], hashes.Select(h => h.Count));
        Assert.Equal(Enumerable.Range(500, 20).Where(i => i != 503).Select(i => (long)i), hashes[0].Select(h => (long)h.Key[0]).Order());
    }

    private static async Task<(RunSummary Summary, SortedSet<string> Found, IReadOnlyList<string> Warnings)> CompareAsync(EndpointSpec source,
        EndpointSpec target, JobOptions options)
    {
        var listener = new CollectingListener();
        var summary = await JobService.CompareAsync(new CompareRequest(source, target) { Options = options }, listener, CancellationToken.None);
        return (summary, NaiveDiff.Actual(listener.Discrepancies), listener.Warnings.ToList());
    }

    private static async Task<(RunSummary Summary, SortedSet<string> Found)> CompareAsync(RandomTablePair pair, EndpointSpec source, EndpointSpec target,
        bool portableHash)
    {
        var listener = new CollectingListener();
        var request = new CompareRequest(source, target)
        {
            KeyColumns = pair.KeyColumns,
            Options = new JobOptions { Strategy = CompareStrategy.Checksum, Parallelism = 2, PortableHash = portableHash },
        };
        var summary = await JobService.CompareAsync(request, listener, CancellationToken.None);
        return (summary, NaiveDiff.Actual(listener.Discrepancies));
    }

    private static string KeyText(object[] key) =>
        string.Join("|", key.Select(k => k is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(k, System.Globalization.CultureInfo.InvariantCulture)));

    private static void Shuffle<T>(Random random, List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
