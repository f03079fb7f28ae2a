using TwinSpin.Engine.Runner;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// Keys of PostgreSQL types outside the usual: uuid (no MIN, takes no collation; its order is its lowercase
/// text's), bytea (no MIN; its order is its bytes'), an enum (takes no collation; compared as its label). Ranges
/// over them must hold the same keys as ranges over the same values stored as text or BLOB elsewhere. Against
/// themselves and against SQLite, the planted differences and nothing else are found.
/// </summary>
public sealed class PostgresKeyTypeTests
{
    private const int Rows = 6000;

    [Theory]
    [InlineData(CompareStrategy.Checksum, false)]
    [InlineData(CompareStrategy.Rows, false)]
    [InlineData(CompareStrategy.Checksum, true)]
    [InlineData(CompareStrategy.Rows, true)]
    public async Task Uuid_keys_are_compared_by_range(CompareStrategy strategy, bool sqliteSource)
    {
        var found = await CompareAsync(new KeyCase(
            "id uuid PRIMARY KEY, v text", "SELECT md5(n::text)::uuid, 'v' || n FROM generate_series(1, {0}) n",
            ["UPDATE tgt SET v = 'changed' WHERE v IN ('v7', 'v4000')", "DELETE FROM tgt WHERE v = 'v100'",
                "INSERT INTO tgt VALUES ('ffffffff-0000-0000-0000-000000000000', 'extra')"],
            // The same rows with the uuid as its lowercase text, as another engine would hold it.
            sqliteSource ? ("id TEXT PRIMARY KEY, v TEXT", n => $"('{Uuid(n)}', 'v{n}')") : null), strategy);

        Assert.Equal(new[]
        {
            "MissingInSource s:ffffffff-0000-0000-0000-000000000000 []",
            $"MissingInTarget s:{Uuid(100)} []",
            $"ValueMismatch s:{Uuid(4000)} [v]",
            $"ValueMismatch s:{Uuid(7)} [v]",
        }.Order(StringComparer.Ordinal), found);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Bytea_keys_are_compared_by_range(bool sqliteSource)
    {
        var found = await CompareAsync(new KeyCase(
            "id bytea PRIMARY KEY, v text", "SELECT decode(md5(n::text), 'hex'), 'v' || n FROM generate_series(1, {0}) n",
            ["UPDATE tgt SET v = 'changed' WHERE v = 'v7'", "DELETE FROM tgt WHERE v = 'v100'"],
            sqliteSource ? ("id BLOB PRIMARY KEY, v TEXT", n => $"(x'{Hex(n)}', 'v{n}')") : null), CompareStrategy.Checksum);

        // Binary keys are shown as their hex digits.
        Assert.Equal([$"MissingInTarget s:{Hex(100)} []", $"ValueMismatch s:{Hex(7)} [v]"], found);
    }

    [Theory]
    [InlineData(CompareStrategy.Checksum, false)]
    [InlineData(CompareStrategy.Rows, false)]
    [InlineData(CompareStrategy.Checksum, true)]
    public async Task Enum_keys_are_compared_as_their_labels(CompareStrategy strategy, bool sqliteSource)
    {
        string[] labels = ["sad", "ok", "happy"]; // declared out of code point order
        var found = await CompareAsync(new KeyCase(
            "m mood, n int, v text, PRIMARY KEY (m, n)",
            "SELECT (ARRAY['sad', 'ok', 'happy'])[1 + k % 3]::mood, k, 'v' || k FROM generate_series(1, {0}) k",
            ["UPDATE tgt SET v = 'changed' WHERE n IN (7, 2000)", "DELETE FROM tgt WHERE n = 100"],
            sqliteSource ? ("m TEXT, n INTEGER, v TEXT, PRIMARY KEY (m, n)", k => $"('{labels[k % 3]}', {k}, 'v{k}')") : null)
        {
            Setup = "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
        }, strategy);

        Assert.Equal(["MissingInTarget s:ok|i:100 []", "ValueMismatch s:happy|i:2000 [v]", "ValueMismatch s:ok|i:7 [v]"], found);
    }

    /// <summary>A job in a store records its partitions' bounds: uuid split points are stored as uuids and come back as
    /// such (every job on a uuid key failed with "Key values of type Guid cannot be stored").</summary>
    [Fact]
    public async Task Uuid_key_jobs_store_their_partition_bounds()
    {
        using var database = new PostgresDatabase();
        using var directory = new TempDirectory();
        foreach (var table in new[] { "src", "tgt" })
        {
            database.Execute($"CREATE TABLE {table} (id uuid PRIMARY KEY, v text)",
                $"INSERT INTO {table} SELECT md5(n::text)::uuid, 'v' || n FROM generate_series(1, {Rows}) n");
        }

        database.Execute("UPDATE tgt SET v = 'changed' WHERE v = 'v7'");
        await using var testStore = await TestStore.OpenAsync("sqlite", directory);
        var job = await JobService.RunJobAsync(new CompareRequest(database.Spec("src"), database.Spec("tgt"))
        {
            Options = new JobOptions { PartitionRowThreshold = 200, Parallelism = 2 },
        }, testStore.Store, new CollectingListener(), CancellationToken.None);

        Assert.Equal(Store.JobStatus.Completed, job.Status);
        Assert.Equal(1, job.DiscrepanciesFound);
        var partitions = await testStore.Store.GetPartitionsAsync(new Store.PartitionQuery(job.Id), CancellationToken.None);
        var bounds = partitions.Select(p => p.Range.Lower).OfType<Partitioning.KeyBound>().ToList();
        Assert.NotEmpty(bounds);
        Assert.All(bounds, b => Assert.IsType<Guid>(b.Values[0]));
    }

    /// <param name="Columns">The PostgreSQL tables' columns.</param>
    /// <param name="Rows">A SELECT of the rows, {0} the row count.</param>
    /// <param name="TargetChanges">Statements planting the differences in "tgt".</param>
    /// <param name="Sqlite">When set, the source is SQLite with these columns and row n as a VALUES tuple.</param>
    private sealed record KeyCase(string Columns, string Rows, string[] TargetChanges, (string Columns, Func<int, string> Row)? Sqlite)
    {
        public string? Setup { get; init; }
    }

    /// <summary>Compares the case's source with the PostgreSQL target; a by-key fetch that fell short would be a warning.</summary>
    private static async Task<SortedSet<string>> CompareAsync(KeyCase keyCase, CompareStrategy strategy)
    {
        using var database = new PostgresDatabase();
        using var directory = new TempDirectory();
        if (keyCase.Setup is not null)
        {
            database.Execute(keyCase.Setup);
        }

        foreach (var table in new[] { "src", "tgt" })
        {
            database.Execute($"CREATE TABLE {table} ({keyCase.Columns})", $"INSERT INTO {table} " + string.Format(System.Globalization.CultureInfo.InvariantCulture, keyCase.Rows, Rows));
        }

        database.Execute(keyCase.TargetChanges);
        var source = database.Spec("src");
        if (keyCase.Sqlite is var (columns, row))
        {
            var values = string.Join(", ", Enumerable.Range(1, Rows).Select(row));
            source = SqliteTables.Spec(SqliteTables.Create(directory, "s.db", $"CREATE TABLE src ({columns})", $"INSERT INTO src VALUES {values}"), "src");
        }

        var listener = new CollectingListener();
        await JobService.CompareAsync(new CompareRequest(source, database.Spec("tgt"))
        {
            Options = new JobOptions { Strategy = strategy, PartitionRowThreshold = 200, Parallelism = 2 },
        }, listener, CancellationToken.None);
        Assert.DoesNotContain(listener.Warnings, w => w.Contains("fetched whole", StringComparison.Ordinal)); // found again by key
        return NaiveDiff.Actual(listener.Discrepancies);
    }

    /// <summary>md5(n::text)::uuid, as PostgreSQL writes it.</summary>
    private static string Uuid(int n)
    {
        var hex = Hex(n);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    /// <summary>md5(n::text) in lowercase hex.</summary>
    private static string Hex(int n) =>
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.ASCII.GetBytes(n.ToString(System.Globalization.CultureInfo.InvariantCulture))));
}
