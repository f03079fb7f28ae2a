using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>A job's warnings (schema migration 2) on both stores: none until recorded, then exactly those
/// recorded, in order, replaced by the next recording, and read back by a second process.</summary>
public sealed class JobWarningsStoreTests
{
    [Theory]
    [MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public async Task Warnings_are_recorded_replaced_and_read_back(string kind)
    {
        using var directory = new TempDirectory();
        await using var testStore = await TestStore.OpenAsync(kind, directory);
        var store = testStore.Store;
        var column = new ColumnInfo("id", "INTEGER", LogicalType.Integer, false, 1);
        var definition = new JobDefinition("warned", SqliteTables.Spec("/data/a.db"), SqliteTables.Spec("/data/b.db"),
            new ComparePlan([new PlannedColumn("id", LogicalType.Integer, column, column)], []), null, KeyRange.All, new JobOptions());
        var id = await store.CreateJobAsync(definition, DateTime.UtcNow, CancellationToken.None);
        Assert.Empty((await store.GetJobAsync(id, CancellationToken.None))!.Warnings);

        await store.RecordWarningsAsync(id, ["first: 'quoted' \"text\" | ä"], CancellationToken.None);
        await store.RecordWarningsAsync(id, ["first: 'quoted' \"text\" | ä", "second"], CancellationToken.None);

        await using var reopened = await testStore.ReopenAsync();
        Assert.Equal(["first: 'quoted' \"text\" | ä", "second"], (await reopened.GetJobAsync(id, CancellationToken.None))!.Warnings);
    }
}
