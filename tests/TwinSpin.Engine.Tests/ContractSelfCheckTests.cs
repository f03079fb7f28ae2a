using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using Xunit;
using TwinSpin.Engine.Endpoints.PostgreSql;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// The hash contract self-check: it passes on tables of every type on each engine, and a real departure
/// from the contract (a PostgreSQL dialect whose timestamp text stops at milliseconds) fails it, makes a
/// job fetch rows, says so, records it, and still finds exactly what the naive diff finds, including the
/// microsecond changes that checksums built on that text would hide.
/// </summary>
public sealed class ContractSelfCheckTests
{
    [Fact]
    public void A_disagreement_on_a_long_value_is_described_around_the_difference_not_whole()
    {
        var engine = "100000:" + new string('a', 50_000) + "X" + new string('b', 49_999);
        var sql = "100000:" + new string('a', 50_000) + "Y" + new string('b', 49_999);
        var key = new List<KeyPart> { new("id", LogicalType.Integer, 4L) };
        var described = new ContractDisagreement("txt", LogicalType.Text, key, 1, sql, engine, 1, 2).Describe();
        Assert.True(described.Length < 400, described);
        Assert.Contains("aX", described);
        Assert.Contains("aY", described);
        Assert.Contains("txt (Text) at id=4", described);
        var hashOnly = new ContractDisagreement("txt", LogicalType.Text, key, 1, null, engine, 1, 2).Describe();
        Assert.True(hashOnly.Length < 400, hashOnly);
        Assert.StartsWith("txt (Text) at id=4 (1 sampled row(s) differ): the database's canonical text hash 0000000000000001", hashOnly);
    }

    [Fact]
    public async Task Passes_on_a_sqlite_table_of_every_type_and_storage_class()
    {
        using var directory = new TempDirectory();
        var path = SqliteTables.Create(directory, "kinds.db",
            "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, r REAL, d DECIMAL(12,2), s TEXT, b BLOB, ts TIMESTAMP, day DATE, ok BOOLEAN)",
            "INSERT INTO t VALUES (5000000000, -9223372036854775808, 0.1 + 0.2, 12.30, 'emoji 🎉 日本', x'00ff10', '2024-02-29 23:59:59.123456', '2024-02-29', 1)",
            "INSERT INTO t VALUES (2, 9223372036854775807, 1e300, 5, '', x'', 1700000000, 2460000.5, 0)",
            "INSERT INTO t VALUES (3, 7, -0.0, '1.5', 'a|b', 'text in a blob column', 2460000.25, '1999-12-31', 'true')",
            "INSERT INTO t VALUES (-4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");

        var result = await CheckAsync(SqliteTables.Spec(path));

        AssertPassed(result, rows: 4);
    }

    [Fact]
    public async Task Passes_on_a_postgres_table_of_every_type()
    {
        using var database = new PostgresDatabase();
        database.Execute(
            "CREATE TABLE kinds (id int PRIMARY KEY, small int2, big int8, exact numeric(38,6), free numeric, r real, d float8, ok boolean, day date, " +
            "ts timestamp(3), tz timestamptz, raw bytea, t text, v varchar(10), fixed char(6), u uuid, j json)",
            "INSERT INTO kinds VALUES (1, -32768, 9223372036854775807, 1234567890123456789012.000100, 1.10, 0.1, 0.882734573857269, true, '1999-12-31', " +
            "'2024-02-29 23:59:59.123', '2024-02-29 23:59:59.123456+05', '\\x00ff10', 'Ω 🎉', 'a|b', 'ab', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"k\": 1}')",
            "INSERT INTO kinds VALUES (2, 0, -1, -0.5, 100, -0, 'Infinity', false, '2024-02-29', '1970-01-01 00:00:00', '1970-01-01 00:00:00+00', '\\x', '', '', '', " +
            "'00000000-0000-0000-0000-000000000000', '[]')",
            "INSERT INTO kinds VALUES (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");

        var result = await CheckAsync(database.Spec("kinds"));

        AssertPassed(result, rows: 3);
    }

    [Fact]
    public async Task Passes_on_a_mariadb_table_of_every_type()
    {
        using var database = new MariaDbDatabase();
        database.Execute(
            """
            CREATE TABLE kinds (id INT PRIMARY KEY, dec2 DECIMAL(12,2), dec65 DECIMAL(65,30), dbl DOUBLE, flt FLOAT, flag BOOLEAN, day DATE,
                dt6 DATETIME(6), ts TIMESTAMP(6) NULL, bin VARBINARY(10), blb BLOB, fixed CHAR(8), latin VARCHAR(20) CHARACTER SET latin1,
                txt TEXT, big BIGINT, bits BIT(8), yr YEAR, tm TIME(6), en ENUM('x', 'Ωy'))
            """,
            """
            INSERT INTO kinds VALUES
            (1, 1.10, 0.000000000000000000000000000001, 1234.5, 0.1, TRUE, '2024-02-29', '2024-02-29 23:59:59.123456', '2024-01-01 10:00:00.5',
             x'00FF10', x'', 'ab', 'naïve', '🎉', -42, b'101', 2024, '12:34:56.5', 'Ωy'),
            (2, -0.50, -123.45, -0e0, -2.5, FALSE, '0999-01-02', '1970-01-01 00:00:00', '1970-01-02 00:00:00', x'', 'b', ' x  ', '', 'a|b', 0, b'0', 1999, '00:00:00', 'x'),
            (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
            """);

        var result = await CheckAsync(database.Spec("kinds"));

        AssertPassed(result, rows: 3);
    }

    [Fact]
    public async Task Samples_the_first_and_the_last_rows_in_key_order_of_the_filtered_table()
    {
        using var directory = new TempDirectory();
        var path = SqliteTables.Create(directory, "big.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", SqliteTables.Series("t", 1, 1000));
        var spec = SqliteTables.Spec(path) with { Where = "t.id <= 900" }; // a filter may name the table
        var (_, plan, _, _) = await Preflight.PlanAsync(new CompareRequest(spec, spec), null, CancellationToken.None);
        await using var session = await EndpointSession.OpenAsync(spec, Side.Source, plan, null, CancellationToken.None);

        var samples = await ContractSelfCheck.SampleAsync(session, 5, withHashes: true, CancellationToken.None);

        var keys = samples.SelectMany(s => Enumerable.Range(0, s.Length).Select(r => ((Apache.Arrow.Int64Array)s.Values.Column(0)).GetValue(r))).ToList();
        Assert.Equal(new long?[] { 1, 2, 3, 900, 899 }, keys);
        Assert.All(samples, s => Assert.Equal(s.Length, s.Hashes.Count));
        foreach (var sample in samples)
        {
            sample.Dispose();
        }
    }

    [Fact]
    public async Task A_dialect_that_departs_from_the_contract_fails_naming_the_column_and_both_texts()
    {
        using var database = new PostgresDatabase();
        database.Execute(
            "CREATE TABLE t (id int PRIMARY KEY, at timestamp(6), note text)",
            "INSERT INTO t VALUES (1, '2024-02-29 23:59:59.123456', 'a'), (2, NULL, 'b'), (3, '2024-03-01 00:00:00.000001', NULL)");
        using var broken = MillisecondTimestampPostgreSqlDialect.Substitute(database.ConnectionString);

        var result = await CheckAsync(database.Spec("t"));

        Assert.Equal(ContractVerdict.Failed, result.Verdict);
        var disagreement = Assert.Single(result.Disagreements);
        Assert.Equal("at", disagreement.Column);
        Assert.Equal(LogicalType.Timestamp, disagreement.Type);
        Assert.Equal("id=1", disagreement.KeyText);
        Assert.Equal(2, disagreement.Rows);
        Assert.Equal("23:2024-02-29 23:59:59.123", disagreement.SqlText);
        Assert.Equal("26:2024-02-29 23:59:59.123456", disagreement.EngineText);
        Assert.Contains("at (Timestamp) at id=1", result.Describe());
    }

    /// <summary>The end to end case: checksums built on the broken text would miss microsecond changes; the job
    /// notices the departure, fetches rows, warns, records the warning and the strategy, and finds everything.</summary>
    [Fact]
    public async Task A_job_whose_contract_check_fails_fetches_rows_warns_and_still_equals_the_naive_diff()
    {
        using var database = new PostgresDatabase();
        using var directory = new TempDirectory();
        // Only microsecond changes: checksums built on millisecond text see two equal tables.
        var pair = new RandomTablePair(711, KeyShape.Integer, rows: 900, perturbations: 0);
        var planted = PlantMicrosecondChanges(pair, count: 6);
        pair.WritePostgres(database, "src", source: true);
        pair.WritePostgres(database, "tgt", source: false);
        using var broken = MillisecondTimestampPostgreSqlDialect.Substitute(database.ConnectionString);
        var request = new CompareRequest(database.Spec("src"), database.Spec("tgt"))
        {
            // Two PostgreSQL databases would use their own hash: the contract is what is tested here.
            Options = new JobOptions { PartitionRowThreshold = 10, FanOut = 8, Parallelism = 2, PortableHash = true },
        };
        var expected = NaiveDiff.Expected(pair);

        // Without the guard, trusting these checksums misses every difference: the test below can fail.
        var (resolved, plan, _, _) = await Preflight.PlanAsync(request, null, CancellationToken.None);
        var trusting = new CollectingListener();
        await new RangeComparer(resolved, plan, trusting).RunAsync(CancellationToken.None);
        Assert.Equal(planted, expected.Count);
        Assert.Empty(trusting.Discrepancies);

        await using var testStore = await TestStore.OpenAsync("sqlite", directory);
        var listener = new CollectingListener();
        var job = await JobService.RunJobAsync(request, testStore.Store, listener, CancellationToken.None);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(CompareStrategy.Rows, job.Definition.Options.Strategy);
        var warning = Assert.Single(job.Warnings);
        Assert.Equal(warning, Assert.Single(listener.Warnings));
        Assert.Contains("self-check failed", warning);
        Assert.Contains("created (Timestamp)", warning);
        Assert.Contains("fetches every row", warning);
        var stored = new List<Discrepancy>();
        await foreach (var d in testStore.Store.GetDiscrepanciesAsync(new DiscrepancyQuery(job.Id), CancellationToken.None))
        {
            stored.Add(d.Discrepancy);
        }

        Assert.Equal(expected, NaiveDiff.Actual(stored));

        var adHoc = new CollectingListener();
        await JobService.CompareAsync(request, adHoc, CancellationToken.None);
        Assert.Equal(expected, NaiveDiff.Actual(adHoc.Discrepancies));
        Assert.Contains(adHoc.Warnings, w => w.Contains("created (Timestamp)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_job_that_passes_the_check_keeps_the_checksum_strategy_and_records_no_warning()
    {
        using var database = new PostgresDatabase();
        using var directory = new TempDirectory();
        var pair = new RandomTablePair(712, KeyShape.Compound, rows: 600, perturbations: 10);
        pair.WritePostgres(database, "src", source: true);
        pair.WritePostgres(database, "tgt", source: false);
        await using var testStore = await TestStore.OpenAsync("sqlite", directory);

        var job = await JobService.RunJobAsync(new CompareRequest(database.Spec("src"), database.Spec("tgt")) { KeyColumns = pair.KeyColumns },
            testStore.Store, new CollectingListener(), CancellationToken.None);

        Assert.Equal(CompareStrategy.Checksum, job.Definition.Options.Strategy);
        Assert.Empty(job.Warnings);
        Assert.Equal(NaiveDiff.Expected(pair).Count, job.DiscrepanciesFound);
    }

    private static async Task<ContractCheckResult> CheckAsync(EndpointSpec spec)
    {
        var (resolved, plan, _, _) = await Preflight.PlanAsync(new CompareRequest(spec, spec), null, CancellationToken.None);
        await using var session = await EndpointSession.OpenAsync(resolved.Source, Side.Source, plan, null, CancellationToken.None);
        return await ContractSelfCheck.RunAsync(session, 100, CancellationToken.None);
    }

    private static void AssertPassed(ContractCheckResult result, int rows)
    {
        Assert.True(result.Verdict == ContractVerdict.Passed, result.Describe());
        Assert.Equal(rows, result.RowsChecked);
        Assert.Empty(result.Disagreements);
        Assert.Empty(result.ColumnsWithoutValues); // every column met a value, so every type was checked
    }

    /// <summary>Target rows whose only change is one microsecond later (a difference only the microseconds show); returns how many.</summary>
    private static int PlantMicrosecondChanges(RandomTablePair pair, int count)
    {
        var created = pair.KeyColumns.Length + pair.Columns.FindIndex(c => c.Name == "created");
        var source = pair.Source.ToDictionary(r => RandomTablePair.KeyText(r.Take(pair.KeyColumns.Length)));
        var planted = 0;
        for (var i = 0; i < pair.Target.Count && planted < count; i += pair.Target.Count / count)
        {
            var row = pair.Target[i];
            if (source.TryGetValue(RandomTablePair.KeyText(row.Take(pair.KeyColumns.Length)), out var original) &&
                row.SequenceEqual(original) && row[created] is DateTime at)
            {
                row[created] = at.AddTicks(10);
                planted++;
            }
        }

        Assert.True(planted > 0, "no row to plant a microsecond change in");
        return planted;
    }
}

/// <summary>
/// PostgreSQL whose timestamp canonical text stops at milliseconds: the kind of departure from the hash
/// contract a dialect written without a live server can make. Its SQL runs for real; only the text is wrong.
/// </summary>
internal sealed class MillisecondTimestampPostgreSqlDialect : PostgreSqlDialect
{
    public override string CanonicalText(string c, SideColumn column) =>
        column.Type == LogicalType.Timestamp ? $"to_char(({c})::timestamp, 'YYYY-MM-DD HH24:MI:SS.MS')" : base.CanonicalText(c, column);

    /// <summary>Uses this dialect for every endpoint with the connection string until disposed.</summary>
    public static IDisposable Substitute(string connectionString) => DialectSubstitution.Use(connectionString, new MillisecondTimestampPostgreSqlDialect());
}
