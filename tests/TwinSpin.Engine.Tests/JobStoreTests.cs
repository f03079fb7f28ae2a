using Microsoft.Data.Sqlite;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using Xunit;

namespace TwinSpin.Engine.Tests;

public sealed class JobStoreTests
{
    private static PlannedColumn Planned(string source, string target, LogicalType type) =>
        new(source, type, new ColumnInfo(source, type.ToString().ToUpperInvariant(), type, true, 0), new ColumnInfo(target, "X", type, false, 0));

    private static JobDefinition Definition() => new(
        "accounts",
        new EndpointSpec(ProviderKind.Sqlite, "Data Source=/data/a.db;Password=hunter2", "accounts"),
        new EndpointSpec(ProviderKind.Sqlite, "Data Source=/data/b.db", "main.accounts", "region = 'EU'"),
        new ComparePlan(
            [Planned("id", "ID", LogicalType.Integer), Planned("code", "code", LogicalType.Text)],
            [
                Planned("amount", "amount", LogicalType.Decimal),
                Planned("at", "at", LogicalType.Timestamp),
                Planned("ratio", "ratio", LogicalType.Float),
                Planned("ok", "ok", LogicalType.Boolean),
            ]),
        "amount > 0",
        new KeyRange(new KeyBound([5L]), new KeyBound([900L, "zz"])),
        new JobOptions { FanOut = 8, Strategy = CompareStrategy.Rows });

    [Theory]
    [MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public async Task Jobs_partitions_and_discrepancies_round_trip_without_secrets(string kind)
    {
        using var directory = new TempDirectory();
        await using var testStore = await TestStore.OpenAsync(kind, directory);
        var store = testStore.Store;
        var id = await store.CreateJobAsync(Definition(), new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), CancellationToken.None);

        var at = new DateTime(2025, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1230);
        var mismatch = new Discrepancy(DiscrepancyType.ValueMismatch,
            [new KeyPart("id", LogicalType.Integer, 7L), new KeyPart("code", LogicalType.Text, "ä|b")],
            [
                new FieldDifference("amount", LogicalType.Decimal, 12345678901234.5678m, null),
                new FieldDifference("at", LogicalType.Timestamp, at, null),
                new FieldDifference("ratio", LogicalType.Float, double.NaN, -1.5e-300),
                new FieldDifference("ok", LogicalType.Boolean, true, false),
            ]);
        var duplicate = new Discrepancy(DiscrepancyType.DuplicateKey, [new KeyPart("id", LogicalType.Integer, 8L), new KeyPart("code", LogicalType.Text, "x")], [])
        { DuplicateSide = Side.Target, DuplicateCount = 3 };
        var root = new PartitionRecord(id, 1, null, 0, KeyRange.All, PartitionStatus.Split) { SourceRows = 10, TargetRows = 11 };
        var leaf = new PartitionRecord(id, 2, 1, 1, new KeyRange(new KeyBound([5L, 2.5, new byte[] { 0, 255 }]), new KeyBound([9L, "é", 1.25m, at])), PartitionStatus.Mismatched) { Discrepancies = 2 };
        await store.WriteAsync(new StoreBatch(id, [root, leaf with { Status = PartitionStatus.Pending }], [], 21, 0), CancellationToken.None);
        await store.WriteAsync(new StoreBatch(id, [leaf], [(2, mismatch), (2, duplicate)], 21, 21), CancellationToken.None);
        await store.FinishJobAsync(id, JobStatus.Completed, DateTime.UtcNow, null, CancellationToken.None);

        var job = (await store.GetJobAsync(id, CancellationToken.None))!;
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(2, job.DiscrepanciesFound);
        Assert.Equal(21, job.ProcessedRows);
        Assert.Equal(1, job.PartitionCounts[PartitionStatus.Split]);
        Assert.Equal(1, job.PartitionCounts[PartitionStatus.Mismatched]);
        Assert.Equal(Definition().Plan.AllColumns, job.Definition.Plan.AllColumns);
        Assert.Equal(2, job.Definition.Plan.KeyCount);
        Assert.Equal("region = 'EU'", job.Definition.Target.Where);
        Assert.Equal(CompareStrategy.Rows, job.Definition.Options.Strategy);
        Assert.Equal(new object[] { 900L, "zz" }, job.Definition.Range.Upper!.Values);

        var partitions = await store.GetPartitionsAsync(new PartitionQuery(id) { Statuses = [PartitionStatus.Mismatched] }, CancellationToken.None);
        var stored = Assert.Single(partitions);
        Assert.Equal(new object[] { 9L, "é", 1.25m, at }, stored.Range.Upper!.Values);
        Assert.Equal(new object[] { 5L, 2.5, new byte[] { 0, 255 } }, stored.Range.Lower!.Values);
        Assert.Equal(1, stored.ParentId);

        var discrepancies = new List<DiscrepancyRecord>();
        await foreach (var d in store.GetDiscrepanciesAsync(new DiscrepancyQuery(id), CancellationToken.None))
        {
            discrepancies.Add(d);
        }

        Assert.Equal(2, discrepancies.Count);
        var back = discrepancies[0].Discrepancy;
        Assert.Equal(mismatch.Key, back.Key);
        Assert.Equal(mismatch.Fields.Select(f => f.Column), back.Fields.Select(f => f.Column));
        Assert.Equal(12345678901234.5678m, back.Fields[0].SourceValue);
        Assert.Equal(at, back.Fields[1].SourceValue);
        Assert.True(double.IsNaN((double)back.Fields[2].SourceValue!));
        Assert.Equal(-1.5e-300, back.Fields[2].TargetValue);
        Assert.Equal(false, back.Fields[3].TargetValue);
        Assert.Equal(Side.Target, discrepancies[1].Discrepancy.DuplicateSide);
        Assert.Equal(3, discrepancies[1].Discrepancy.DuplicateCount);

        Assert.DoesNotContain("hunter2", await StoredText(testStore));
    }

    /// <summary>Everything the store holds about its jobs, as text (the file, or the PostgreSQL rows).</summary>
    private static async Task<string> StoredText(TestStore store)
    {
        if (!JobStores.IsServer(store.Location))
        {
            return await File.ReadAllTextAsync(store.Location, System.Text.Encoding.Latin1);
        }

        await using var connection = new Npgsql.NpgsqlConnection(store.Location);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT string_agg(j::text, ' ') FROM jobs j", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [Theory]
    [MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public async Task Reopening_applies_no_migration_twice_and_remove_cascades(string kind)
    {
        using var directory = new TempDirectory();
        await using var testStore = await TestStore.OpenAsync(kind, directory);
        long id;
        {
            var store = testStore.Store;
            id = await store.CreateJobAsync(Definition(), DateTime.UtcNow, CancellationToken.None);
            await store.WriteAsync(new StoreBatch(id, [new PartitionRecord(id, 1, null, 0, KeyRange.All, PartitionStatus.Mismatched)],
                [(1, new Discrepancy(DiscrepancyType.MissingInSource, [new KeyPart("id", LogicalType.Integer, 1L), new KeyPart("code", LogicalType.Text, "a")], []))], 1, 1), CancellationToken.None);
        }

        await using (var store = await testStore.ReopenAsync())
        {
            Assert.NotNull(await store.GetJobAsync(id, CancellationToken.None));
            Assert.True(await store.RemoveJobAsync(id, CancellationToken.None));
            Assert.Null(await store.GetJobAsync(id, CancellationToken.None));
            Assert.False(await store.RemoveJobAsync(id, CancellationToken.None));
        }

        using System.Data.Common.DbConnection connection = JobStores.IsServer(testStore.Location)
            ? new Npgsql.NpgsqlConnection(testStore.Location)
            : new SqliteConnection($"Data Source={testStore.Location}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM schema_version), (SELECT COUNT(*) FROM partitions), (SELECT COUNT(*) FROM discrepancies)";
        using var reader = command.ExecuteReader();
        reader.Read();
        Assert.Equal(StoreSchema.For("id", "integer").Count, reader.GetInt64(0)); // one row per migration, each applied once
        Assert.Equal(0, reader.GetInt64(1));
        Assert.Equal(0, reader.GetInt64(2));
    }

    [Fact]
    public async Task An_unreachable_postgres_store_is_a_clear_error_without_the_password()
    {
        var error = await Assert.ThrowsAsync<TwinSpinException>(() =>
            JobStores.OpenAsync("Host=127.0.0.1;Port=1;Username=x;Password=St0re-Secret;Database=y;Timeout=3", CancellationToken.None));
        Assert.Equal(ErrorCode.StoreUnavailable, error.Code);
        Assert.DoesNotContain("St0re-Secret", error.Message);
    }

    [Fact]
    public async Task An_unwritable_store_location_is_a_clear_error()
    {
        using var directory = new TempDirectory();
        var blocker = directory.File("file");
        await File.WriteAllTextAsync(blocker, "not a folder");
        var error = await Assert.ThrowsAsync<TwinSpinException>(() => SqliteJobStore.OpenAsync(Path.Combine(blocker, "store.db"), CancellationToken.None));
        Assert.Equal(ErrorCode.StoreUnavailable, error.Code);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_a_clear_error()
    {
        using var directory = new TempDirectory();
        var path = directory.File("garbage.db");
        await File.WriteAllBytesAsync(path, Enumerable.Repeat((byte)0x42, 4096).ToArray());
        var error = await Assert.ThrowsAsync<TwinSpinException>(() => SqliteJobStore.OpenAsync(path, CancellationToken.None));
        Assert.Equal(ErrorCode.StoreUnavailable, error.Code);
    }
}
