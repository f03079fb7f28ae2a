using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Hashing;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Runner;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// The value model across engines: a SQLite table and a PostgreSQL copy whose types differ but are
/// compatible, with planted rows that are equal only after normalization and rows that really differ.
/// Without options the normalization rows are reported; with them they disappear; real differences stay.
/// </summary>
public sealed class ComparisonRulesTests
{
    // id | name (text) | code (text, padded) | qty (SQLite INTEGER vs PG numeric(20,0)) | price (REAL vs double) |
    // at (6 digits vs timestamp(3)) | active (INTEGER 0/1 vs boolean) | note ('' vs NULL) | label (named "title" in PG)
    private static readonly string[] SqliteRows =
    [
        "(1, 'Alice', 'A1', 10, 1.00, '2024-01-01 10:00:00.123456', 1, 'x', 'same')",
        "(2, 'bob', ' B2 ', 20, 2.50, '2024-01-02 10:00:00.500999', 0, '', 'same')",   // case, spaces, digits, '' vs NULL
        "(3, 'Carol', 'C3', 30, 3.0001, '2024-01-03 10:00:00.000000', 1, NULL, 'same')", // price within tolerance 0.001
        "(4, 'Dave', 'D4', 40, 4.00, '2024-01-04 10:00:00.000000', 1, 'n', 'diff')",    // real difference in label
        "(5, 'Eve', 'E5', 50, 5.00, '2024-01-05 10:00:00.000000', 0, 'n', 'same')",     // real difference in qty
        "(6, 'Frank', 'F6', 60, 6.00, '2024-01-06 10:00:00.000000', 1, 'n', 'same')",   // real difference beyond tolerance
    ];

    private static readonly string[] PostgresRows =
    [
        "(1, 'Alice', 'A1', 10, 1.00, '2024-01-01 10:00:00.123', true, 'x', 'same')",
        "(2, 'BOB', 'B2', 20, 2.50, '2024-01-02 10:00:00.500', false, NULL, 'same')",
        "(3, 'Carol', 'C3', 30, 3.0, '2024-01-03 10:00:00', true, NULL, 'same')",
        "(4, 'Dave', 'D4', 40, 4.00, '2024-01-04 10:00:00', true, 'n', 'DIFF')",
        "(5, 'Eve', 'E5', 51, 5.00, '2024-01-05 10:00:00', false, 'n', 'same')",
        "(6, 'Frank', 'F6', 60, 6.01, '2024-01-06 10:00:00', true, 'n', 'same')",
    ];

    private static (CompareRequest Request, PostgresDatabase Database, TempDirectory Directory) Scenario()
    {
        var directory = new TempDirectory();
        var database = new PostgresDatabase();
        var sqlite = SqliteTables.Create(directory, "s.db",
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, code TEXT, qty INTEGER, price REAL, at TIMESTAMP, active INTEGER, note TEXT, label TEXT)",
            "INSERT INTO t VALUES " + string.Join(", ", SqliteRows));
        database.Execute(
            "CREATE TABLE t (id bigint PRIMARY KEY, name text, code varchar(10), qty numeric(20,0), price double precision, at timestamp(3), active boolean, note text, title text)",
            "INSERT INTO t VALUES " + string.Join(", ", PostgresRows));
        var request = new CompareRequest(SqliteTables.Spec(sqlite), database.Spec("t"))
        {
            ColumnMap = new Dictionary<string, string> { ["label"] = "title" },
            Options = new JobOptions { PartitionRowThreshold = 2, FanOut = 2 },
        };
        return (request, database, directory);
    }

    private static async Task<SortedSet<string>> Run(CompareRequest request)
    {
        var listener = new CollectingListener();
        await JobService.CompareAsync(request, listener, CancellationToken.None);
        return NaiveDiff.Actual(listener.Discrepancies);
    }

    [Theory]
    [InlineData(CompareStrategy.Checksum)]
    [InlineData(CompareStrategy.Rows)]
    public async Task Without_options_every_difference_is_reported(CompareStrategy strategy)
    {
        var (request, database, directory) = Scenario();
        using (database)
        using (directory)
        {
            var found = await Run(request with { Options = request.Options with { Strategy = strategy } });
            Assert.Equal(
            [
                "ValueMismatch i:2 [name,code,note]", // timestamps: PG keeps 3 digits, so both are compared at 3: equal
                "ValueMismatch i:3 [price]",
                "ValueMismatch i:4 [label]",
                "ValueMismatch i:5 [qty]",
                "ValueMismatch i:6 [price]",
            ], found);
        }
    }

    [Theory]
    [InlineData(CompareStrategy.Checksum)]
    [InlineData(CompareStrategy.Rows)]
    public async Task With_options_only_real_differences_remain(CompareStrategy strategy)
    {
        var (request, database, directory) = Scenario();
        using (database)
        using (directory)
        {
            var found = await Run(request with
            {
                IgnoreCaseColumns = ["name", "label"],
                TrimColumns = ["code"],
                EmptyStringAsNull = true,
                Tolerances = new Dictionary<string, decimal> { ["price"] = 0.001m },
                Options = request.Options with { Strategy = strategy },
            });
            Assert.Equal(["ValueMismatch i:5 [qty]", "ValueMismatch i:6 [price]"], found);
        }
    }

    [Fact]
    public async Task Sql_and_engine_hashes_agree_under_rules_on_both_engines()
    {
        var (request, database, directory) = Scenario();
        using (database)
        using (directory)
        {
            request = request with
            {
                IgnoreCaseColumns = ["name"],
                TrimColumns = ["code"],
                EmptyStringAsNull = true,
                Tolerances = new Dictionary<string, decimal> { ["price"] = 0.25m, ["qty"] = 7m },
            };
            var (resolved, plan, _, _) = await Preflight.PlanAsync(request, null, CancellationToken.None);
            Assert.Equal(3, plan.AllColumns.Single(c => c.Name == "at").Rules.TimestampDigits);
            Assert.Equal(LogicalType.Decimal, plan.AllColumns.Single(c => c.Name == "qty").Type);
            Assert.Equal(LogicalType.Integer, plan.AllColumns.Single(c => c.Name == "active").Type);
            Assert.Equal(6, await HashAgreement.AssertSqlEqualsEngineAsync(resolved.Source, Side.Source, plan));
            Assert.Equal(6, await HashAgreement.AssertSqlEqualsEngineAsync(resolved.Target, Side.Target, plan));
        }
    }

    [Fact]
    public async Task Options_on_columns_that_are_not_compared_or_of_the_wrong_type_are_errors()
    {
        var (request, database, directory) = Scenario();
        using (database)
        using (directory)
        {
            var missing = await Assert.ThrowsAsync<TwinSpinException>(() => Run(request with { TrimColumns = ["nope"] }));
            Assert.Equal(ErrorCode.ColumnNotFound, missing.Code);
            var wrongType = await Assert.ThrowsAsync<TwinSpinException>(() => Run(request with { IgnoreCaseColumns = ["qty"] }));
            Assert.Equal(ErrorCode.InvalidArgument, wrongType.Code);
            var tolerance = await Assert.ThrowsAsync<TwinSpinException>(() => Run(request with { Tolerances = new Dictionary<string, decimal> { ["name"] = 1m } }));
            Assert.Equal(ErrorCode.InvalidArgument, tolerance.Code);
        }
    }
}

/// <summary>Keys whose types differ between the sides but are compatible: an INTEGER key against a
/// NUMERIC(12,0) one, a TEXT key against a padded CHAR(12) one.</summary>
public sealed class CompatibleKeyTests
{
    [Theory]
    [InlineData(CompareStrategy.Checksum)]
    [InlineData(CompareStrategy.Rows)]
    public async Task Integer_against_numeric_and_text_against_char_keys(CompareStrategy strategy)
    {
        using var directory = new TempDirectory();
        using var database = new PostgresDatabase();
        var sqlite = SqliteTables.Create(directory, "s.db",
            "CREATE TABLE t (id INTEGER NOT NULL, code TEXT NOT NULL, v TEXT, PRIMARY KEY (id, code))",
            "INSERT INTO t WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 400) SELECT n * 7, 'k' || (n % 5), 'v' || n FROM c");
        database.Execute(
            "CREATE TABLE t (id numeric(12,0) NOT NULL, code char(12) NOT NULL, v text, PRIMARY KEY (id, code))",
            "INSERT INTO t SELECT n * 7, 'k' || (n % 5), 'v' || n FROM generate_series(1, 400) n WHERE n NOT IN (13, 200)",
            "UPDATE t SET v = 'changed' WHERE id = 70",
            "INSERT INTO t VALUES (100000, 'extra', 'x')");
        var listener = new CollectingListener();
        await JobService.CompareAsync(new CompareRequest(SqliteTables.Spec(sqlite), database.Spec("t"))
        {
            Options = new JobOptions { Strategy = strategy, PartitionRowThreshold = 15, FanOut = 3 },
        }, listener, CancellationToken.None);

        // Decimal keys display as decimals; the text key as its value without CHAR padding.
        Assert.Equal(
        [
            "MissingInSource ?:100000|s:extra []",
            "MissingInTarget ?:1400|s:k0 []",
            "MissingInTarget ?:91|s:k3 []",
            "ValueMismatch ?:70|s:k0 [v]",
        ], NaiveDiff.Actual(listener.Discrepancies));
    }
}
