using TwinSpin.Engine.Store;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>The job stores every store test runs against: a SQLite file and a PostgreSQL database.</summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly PostgresDatabase? _database;

    private TestStore(IJobStore store, string location, PostgresDatabase? database)
    {
        Store = store;
        Location = location;
        _database = database;
    }

    public static TheoryData<string> Kinds => new() { "sqlite", "postgres" };

    public IJobStore Store { get; }

    /// <summary>A location JobStores.OpenAsync accepts (file path or connection string with password).</summary>
    public string Location { get; }

    public static async Task<TestStore> OpenAsync(string kind, TempDirectory directory)
    {
        if (kind == "sqlite")
        {
            var path = directory.File("store.db");
            return new TestStore(await JobStores.OpenAsync(path, CancellationToken.None), path, null);
        }

        var database = new PostgresDatabase();
        return new TestStore(await JobStores.OpenAsync(database.ConnectionString, CancellationToken.None), database.ConnectionString, database);
    }

    /// <summary>Opens the same store again (a second process would).</summary>
    public Task<IJobStore> ReopenAsync() => JobStores.OpenAsync(Location, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _database?.Dispose();
    }
}
