using TwinSpin.Engine.Runner;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// A uuid (or bytea, or enum) key on PostgreSQL: uuid has no MIN and takes no collation, yet ranges over it must hold the same
/// keys as ranges over the same values stored as text elsewhere (its order is its lowercase text's). Against
/// itself and against SQLite text, in both strategies, the planted differences and nothing else are found.
/// </summary>
public sealed class PostgresUuidKeyTests
{
    private const int Rows = 6000;

    [Theory]
    [InlineData(CompareStrategy.Checksum, false)]
    [InlineData(CompareStrategy.Rows, false)]
    [InlineData(CompareStrategy.Checksum, true)]
    [InlineData(CompareStrategy.Rows, true)]
    public async Task Uuid_keys_are_compared_by_range(CompareStrategy strategy, bool sqliteSource)
    {
        using var database = new PostgresDatabase();
        using var directory = new TempDirectory();
        foreach (var table in new[] { "src", "tgt" })
        {
            database.Execute($"CREATE TABLE {table} (id uuid PRIMARY KEY, v text)",
                $"INSERT INTO {table} SELECT md5(n::text)::uuid, 'v' || n FROM generate_series(1, {Rows}) n");
        }

        database.Execute("UPDATE tgt SET v = 'changed' WHERE v IN ('v7', 'v4000')", "DELETE FROM tgt WHERE v = 'v100'",
            "INSERT INTO tgt VALUES ('ffffffff-0000-0000-0000-000000000000', 'extra')");
        var source = database.Spec("src");
        if (sqliteSource)
        {
            // The same rows with the uuid as its lowercase text, as another engine would hold it.
            var values = string.Join(", ", Enumerable.Range(1, Rows).Select(n => $"('{Uuid(n)}', 'v{n}')"));
            source = SqliteTables.Spec(SqliteTables.Create(directory, "s.db", "CREATE TABLE src (id TEXT PRIMARY KEY, v TEXT)", $"INSERT INTO src VALUES {values}"), "src");
        }

        var listener = new CollectingListener();
        await JobService.CompareAsync(new CompareRequest(source, database.Spec("tgt"))
        {
            Options = new JobOptions { Strategy = strategy, PartitionRowThreshold = 200, Parallelism = 2 },
        }, listener, CancellationToken.None);

        Assert.Equal(new[]
        {
            "MissingInSource s:ffffffff-0000-0000-0000-000000000000 []",
            $"MissingInTarget s:{Uuid(100)} []",
            $"ValueMismatch s:{Uuid(4000)} [v]",
            $"ValueMismatch s:{Uuid(7)} [v]",
        }.Order(StringComparer.Ordinal), NaiveDiff.Actual(listener.Discrepancies));
    }

    /// <summary>A bytea key has no MIN either; its order is its bytes', as a SQLite BLOB's.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Bytea_keys_are_compared_by_range(bool sqliteSource)
    {
        using var database = new PostgresDatabase();
        using var directory = new TempDirectory();
        foreach (var table in new[] { "src", "tgt" })
        {
            database.Execute($"CREATE TABLE {table} (id bytea PRIMARY KEY, v text)",
                $"INSERT INTO {table} SELECT decode(md5(n::text), 'hex'), 'v' || n FROM generate_series(1, {Rows}) n");
        }

        database.Execute("UPDATE tgt SET v = 'changed' WHERE v = 'v7'", "DELETE FROM tgt WHERE v = 'v100'");
        var source = database.Spec("src");
        if (sqliteSource)
        {
            var values = string.Join(", ", Enumerable.Range(1, Rows).Select(n => $"(x'{Uuid(n).Replace("-", string.Empty)}', 'v{n}')"));
            source = SqliteTables.Spec(SqliteTables.Create(directory, "s.db", "CREATE TABLE src (id BLOB PRIMARY KEY, v TEXT)", $"INSERT INTO src VALUES {values}"), "src");
        }

        var listener = new CollectingListener();
        await JobService.CompareAsync(new CompareRequest(source, database.Spec("tgt"))
        {
            Options = new JobOptions { PartitionRowThreshold = 200, Parallelism = 2 },
        }, listener, CancellationToken.None);

        // Binary keys are shown as their hex digits.
        Assert.Equal([$"MissingInTarget s:{Uuid(100).Replace("-", string.Empty)} []", $"ValueMismatch s:{Uuid(7).Replace("-", string.Empty)} [v]"],
            NaiveDiff.Actual(listener.Discrepancies));
    }

    /// <summary>An enum takes no collation: a compound key led by one is compared as its label's text, against
    /// itself (its rows fetched by key, cast back to the enum) and against SQLite text, in both strategies.</summary>
    [Theory]
    [InlineData(CompareStrategy.Checksum, false)]
    [InlineData(CompareStrategy.Rows, false)]
    [InlineData(CompareStrategy.Checksum, true)]
    public async Task Enum_keys_are_compared_as_their_labels(CompareStrategy strategy, bool sqliteSource)
    {
        using var database = new PostgresDatabase();
        using var directory = new TempDirectory();
        string[] labels = ["sad", "ok", "happy"]; // declared out of code point order
        database.Execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
        foreach (var table in new[] { "src", "tgt" })
        {
            database.Execute($"CREATE TABLE {table} (m mood, n int, v text, PRIMARY KEY (m, n))",
                $"INSERT INTO {table} SELECT (ARRAY['sad', 'ok', 'happy'])[1 + k % 3]::mood, k, 'v' || k FROM generate_series(1, {Rows}) k");
        }

        database.Execute("UPDATE tgt SET v = 'changed' WHERE n IN (7, 2000)", "DELETE FROM tgt WHERE n = 100");
        var source = database.Spec("src");
        if (sqliteSource)
        {
            var values = string.Join(", ", Enumerable.Range(1, Rows).Select(k => $"('{labels[k % 3]}', {k}, 'v{k}')"));
            source = SqliteTables.Spec(SqliteTables.Create(directory, "s.db", "CREATE TABLE src (m TEXT, n INTEGER, v TEXT, PRIMARY KEY (m, n))",
                $"INSERT INTO src VALUES {values}"), "src");
        }

        var listener = new CollectingListener();
        await JobService.CompareAsync(new CompareRequest(source, database.Spec("tgt"))
        {
            Options = new JobOptions { Strategy = strategy, PartitionRowThreshold = 200, Parallelism = 2 },
        }, listener, CancellationToken.None);

        Assert.Equal(["MissingInTarget s:ok|i:100 []", "ValueMismatch s:happy|i:2000 [v]", "ValueMismatch s:ok|i:7 [v]"],
            NaiveDiff.Actual(listener.Discrepancies));
        Assert.DoesNotContain(listener.Warnings, w => w.Contains("fetched whole", StringComparison.Ordinal)); // found again by key
    }

    /// <summary>md5(n::text)::uuid, as PostgreSQL writes it.</summary>
    private static string Uuid(int n)
    {
        var hex = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.ASCII.GetBytes(n.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
