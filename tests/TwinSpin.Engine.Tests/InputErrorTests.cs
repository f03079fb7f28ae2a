using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>Bad input fails before any comparison, with a stable code and a message that says what to fix.</summary>
public sealed class InputErrorTests
{
    private static async Task<TwinSpinException> RunJob(TempDirectory directory, CompareRequest request)
    {
        await using var store = await SqliteJobStore.OpenAsync(directory.File("store.db"), CancellationToken.None);
        return await Assert.ThrowsAsync<TwinSpinException>(() => JobService.RunJobAsync(request, store, new CollectingListener(), CancellationToken.None));
    }

    private static string Table(TempDirectory directory, string name, params string[] sql) => SqliteTables.Create(directory, name, sql);

    [Fact]
    public async Task Missing_table()
    {
        using var directory = new TempDirectory();
        var db = Table(directory, "a.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        var error = await RunJob(directory, new CompareRequest(SqliteTables.Spec(db), SqliteTables.Spec(db, "nope")));
        Assert.Equal(ErrorCode.TableNotFound, error.Code);
        Assert.Contains("'nope'", error.Message);
    }

    [Fact]
    public async Task Missing_database_file_is_not_created()
    {
        using var directory = new TempDirectory();
        var db = Table(directory, "a.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        var missing = directory.File("missing.db");
        var error = await RunJob(directory, new CompareRequest(SqliteTables.Spec(db), SqliteTables.Spec(missing)));
        Assert.Equal(ErrorCode.ConnectionFailed, error.Code);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task Missing_key_column_lists_the_columns_that_exist()
    {
        using var directory = new TempDirectory();
        var db = Table(directory, "a.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        var error = await RunJob(directory, new CompareRequest(SqliteTables.Spec(db), SqliteTables.Spec(db)) { KeyColumns = ["ident"] });
        Assert.Equal(ErrorCode.ColumnNotFound, error.Code);
        Assert.Contains("id, v", error.Message);
    }

    [Fact]
    public async Task No_key_given_and_no_primary_key()
    {
        using var directory = new TempDirectory();
        var db = Table(directory, "a.db", "CREATE TABLE t (id INTEGER, v TEXT)");
        var error = await RunJob(directory, new CompareRequest(SqliteTables.Spec(db), SqliteTables.Spec(db)));
        Assert.Equal(ErrorCode.NoKey, error.Code);
    }

    [Fact]
    public async Task Null_keys()
    {
        using var directory = new TempDirectory();
        var db = Table(directory, "a.db", "CREATE TABLE t (id INTEGER, v TEXT)", "INSERT INTO t VALUES (1, 'a'), (NULL, 'b')");
        var error = await RunJob(directory, new CompareRequest(SqliteTables.Spec(db), SqliteTables.Spec(db)) { KeyColumns = ["id"] });
        Assert.Equal(ErrorCode.NullKey, error.Code);
        Assert.Contains("1 row(s)", error.Message);
    }

    [Fact]
    public async Task Key_not_unique_names_duplicated_keys()
    {
        using var directory = new TempDirectory();
        var db = Table(directory, "a.db", "CREATE TABLE t (id INTEGER, v TEXT)", "INSERT INTO t VALUES (1, 'a'), (42, 'b'), (42, 'c')");
        var error = await RunJob(directory, new CompareRequest(SqliteTables.Spec(db), SqliteTables.Spec(db)) { KeyColumns = ["id"] });
        Assert.Equal(ErrorCode.KeyNotUnique, error.Code);
        Assert.Contains("42", error.Message);
    }

    [Fact]
    public async Task Columns_that_cannot_be_compared()
    {
        using var directory = new TempDirectory();
        var source = Table(directory, "a.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        var target = Table(directory, "b.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)");
        var error = await RunJob(directory, new CompareRequest(SqliteTables.Spec(source), SqliteTables.Spec(target)));
        Assert.Equal(ErrorCode.TypeMismatch, error.Code);
        Assert.Contains("-ExcludeColumn", error.Message);
    }

    [Fact]
    public async Task Invalid_options()
    {
        using var directory = new TempDirectory();
        var db = Table(directory, "a.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        var error = await RunJob(directory, new CompareRequest(SqliteTables.Spec(db), SqliteTables.Spec(db)) { Options = new JobOptions { FanOut = 1 } });
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task Columns_only_on_one_side_are_skipped_with_a_warning_and_can_be_excluded()
    {
        using var directory = new TempDirectory();
        var source = Table(directory, "a.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, extra TEXT, w INTEGER)", "INSERT INTO t VALUES (1, 'a', 'x', 1)");
        var target = Table(directory, "b.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, V TEXT, w INTEGER)", "INSERT INTO t VALUES (1, 'b', 2)");
        var listener = new CollectingListener();
        await JobService.CompareAsync(new CompareRequest(SqliteTables.Spec(source), SqliteTables.Spec(target)) { ExcludeColumns = ["w"] }, listener, CancellationToken.None);
        Assert.Contains(listener.Warnings, w => w.Contains("'extra'"));
        Assert.Equal(["ValueMismatch i:1 [v]"], NaiveDiff.Actual(listener.Discrepancies));
    }

    [Theory]
    [InlineData("Host=db1;Database=prod", false)]
    [InlineData("Host=db1;Command Timeout=600", true)]
    [InlineData("Server=db1;Default Command Timeout=60", true)]
    [InlineData("Data Source=a.db;Default Timeout=5", true)]
    [InlineData("Driver={PostgreSQL Unicode};Server=db1;QueryTimeout=30", true)]
    public void A_command_timeout_in_the_connection_string_is_recognized(string connection, bool sets) =>
        Assert.Equal(sets, Endpoints.ConnectionStrings.SetsCommandTimeout(connection));

    [Fact]
    public void Secrets_are_redacted_from_stored_connection_strings_and_messages()
    {
        const string connection = "Host=db1;Username=scott;Password=tiger-Secret1;Database=prod";
        var redacted = Endpoints.ConnectionStrings.Redact(connection);
        Assert.DoesNotContain("tiger-Secret1", redacted);
        Assert.Contains("scott", redacted);
        Assert.Equal("login failed for *** on db1", Endpoints.ConnectionStrings.Scrub("login failed for tiger-Secret1 on db1", connection));

        const string odbc = "Driver={PostgreSQL Unicode};Server=db1;UID=scott;PWD={ti;ger}}9}";
        Assert.DoesNotContain("ti;ger", Endpoints.ConnectionStrings.Redact(odbc));
        Assert.Contains("PostgreSQL Unicode", Endpoints.ConnectionStrings.Redact(odbc));
        Assert.Equal("bad password *** for scott", Endpoints.ConnectionStrings.Scrub("bad password ti;ger}9 for scott", odbc));
    }
}
