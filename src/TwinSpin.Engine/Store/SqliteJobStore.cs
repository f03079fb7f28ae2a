using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace TwinSpin.Engine.Store;

/// <summary>
/// The default job store: one SQLite file, in WAL mode so other sessions can read a running job and
/// ask it to stop.
/// </summary>
public sealed class SqliteJobStore : SqlJobStore
{
    private readonly string _connectionString;

    private SqliteJobStore(string path) : base(path)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    protected override IReadOnlyList<string> Migrations { get; } = StoreSchema.For("INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER");

    protected override string MigrationPreamble => "PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);";

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/> and brings its schema up to date.</summary>
    public static async Task<SqliteJobStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var store = new SqliteJobStore(path);
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new TwinSpinException(ErrorCode.StoreUnavailable, $"Cannot open the job store '{path}': {e.Message}", e) { Target = path };
        }
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        return ValueTask.CompletedTask;
    }
}
