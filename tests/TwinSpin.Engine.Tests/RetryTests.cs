using MySqlConnector;
using Npgsql;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// Transient faults on real servers: the job's connections killed mid-run (pg_terminate_backend, MariaDB KILL, over
/// ODBC too), the server stopped and started again, or stopped for good. The result must be exactly the naive diff;
/// retries are warnings on the job; a fault that does not pass fails within the retry timeout and resumes exactly.
/// </summary>
public sealed class RetryTests
{
    private static readonly JobOptions ManyRanges = new()
    {
        PartitionRowThreshold = 40, FanOut = 4, Parallelism = 2, Strategy = CompareStrategy.Rows, RetryCount = 8, RetryTimeout = TimeSpan.FromSeconds(60),
    };

    private static async Task<List<Discrepancy>> Stored(IJobStore store, long jobId)
    {
        var result = new List<Discrepancy>();
        await foreach (var d in store.GetDiscrepanciesAsync(new DiscrepancyQuery(jobId), CancellationToken.None))
        {
            result.Add(d.Discrepancy);
        }

        return result;
    }

    private static async Task AssertExact(IJobStore store, JobRecord job, RandomTablePair pair)
    {
        Assert.Equal(JobStatus.Completed, job.Status);
        var stored = await Stored(store, job.Id);
        Assert.Equal(NaiveDiff.Expected(pair), NaiveDiff.Actual(stored));
        Assert.Equal(NaiveDiff.Expected(pair).Count, stored.Count);
        Assert.Equal(job.TotalRows, job.ProcessedRows);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PostgreSQL_backends_terminated_mid_run_leave_the_result_exact(bool overOdbc)
    {
        using var database = new PostgresDatabase();
        var pair = new RandomTablePair(501, KeyShape.Integer, 12000, 60);
        pair.WritePostgres(database, "src", source: true);
        pair.WritePostgres(database, "tgt", source: false);
        var terminations = 0;
        var killing = new object();
        var killer = new ActionListener(count =>
        {
            // One at a time: a second killer's own connection to the database would be terminated by the first.
            lock (killing)
            {
                if (count % 60 == 0 && terminations < 3)
                {
                    terminations++;
                    database.Execute($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database.Name}' AND pid <> pg_backend_pid()");
                }
            }
        });
        var (source, target) = overOdbc
            ? (OdbcEndpoints.Postgres(database, "src"), OdbcEndpoints.Postgres(database, "tgt"))
            : (database.Spec("src"), database.Spec("tgt"));
        using var directory = new TempDirectory();
        await using var testStore = await TestStore.OpenAsync("sqlite", directory);

        var job = await JobService.RunJobAsync(new CompareRequest(source, target) { Options = ManyRanges }, testStore.Store, killer, CancellationToken.None);

        Assert.Equal(3, terminations);
        await AssertExact(testStore.Store, job, pair);
        Assert.Contains(job.Warnings, w => w.Contains("Retry 1 of 8", StringComparison.Ordinal));
        Assert.All(job.Warnings, w => Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(database.ConnectionString).Password!, w));
    }

    [Fact]
    public async Task MariaDB_connections_killed_mid_run_leave_the_result_exact()
    {
        using var database = new MariaDbDatabase();
        var pair = new RandomTablePair(502, KeyShape.Integer, 8000, 50);
        pair.WriteMariaDb(database, "src", source: true);
        pair.WriteMariaDb(database, "tgt", source: false);
        var kills = 0;
        var killer = new ActionListener(count =>
        {
            if (count % 50 == 0 && kills < 3)
            {
                kills++;
                using var admin = new MySqlConnection(database.AdminConnectionString);
                admin.Open();
                var ids = new List<long>();
                using (var list = new MySqlCommand($"SELECT id FROM information_schema.processlist WHERE db = '{database.Name}' AND id <> CONNECTION_ID()", admin))
                using (var reader = list.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        ids.Add(Convert.ToInt64(reader.GetValue(0)));
                    }
                }

                foreach (var id in ids)
                {
                    using var kill = new MySqlCommand($"KILL {id}", admin);
                    kill.ExecuteNonQuery();
                }
            }
        });
        using var directory = new TempDirectory();
        await using var testStore = await TestStore.OpenAsync("sqlite", directory);

        var job = await JobService.RunJobAsync(new CompareRequest(database.Spec("src"), database.Spec("tgt")) { Options = ManyRanges }, testStore.Store,
            killer, CancellationToken.None);

        Assert.Equal(3, kills);
        await AssertExact(testStore.Store, job, pair);
        Assert.Contains(job.Warnings, w => w.Contains("Retry 1 of 8", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_stopped_for_seconds_and_started_again_mid_run_leaves_the_result_exact(bool overOdbc)
    {
        using var server = new PrivatePostgresServer();
        var (pair, request) = WritePair(server, 503);
        if (overOdbc)
        {
            request = request with
            {
                Source = new EndpointSpec(ProviderKind.Odbc, OdbcEndpoints.PostgresConnectionString(request.Source.ConnectionString, password: ""), "src"),
                Target = new EndpointSpec(ProviderKind.Odbc, OdbcEndpoints.PostgresConnectionString(request.Target.ConnectionString, password: ""), "tgt"),
            };
        }

        using var restarted = new ManualResetEventSlim();
        var stops = 0;
        var stopper = new ActionListener(count =>
        {
            if (count == 80 && Interlocked.Increment(ref stops) == 1)
            {
                server.Stop();
                _ = Task.Run(async () =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    server.Start();
                    restarted.Set();
                });
            }
        });
        using var directory = new TempDirectory();
        await using var testStore = await TestStore.OpenAsync("sqlite", directory);

        var job = await JobService.RunJobAsync(request, testStore.Store, stopper, CancellationToken.None);

        Assert.True(restarted.IsSet);
        await AssertExact(testStore.Store, job, pair);
        Assert.Contains(job.Warnings, w => w.Contains("Retry 2 of 8", StringComparison.Ordinal)); // down for longer than one retry
    }

    [Fact]
    public async Task A_server_stopped_for_good_fails_the_job_within_the_retry_timeout_and_it_resumes_exactly_after_a_restart()
    {
        using var server = new PrivatePostgresServer();
        var (pair, request) = WritePair(server, 504);
        var stoppedAt = System.Diagnostics.Stopwatch.StartNew();
        var stopper = new ActionListener(count =>
        {
            if (count == 80)
            {
                server.Stop();
                stoppedAt.Restart();
            }
        });
        using var directory = new TempDirectory();
        await using var testStore = await TestStore.OpenAsync("sqlite", directory);
        request = request with { Options = ManyRanges with { RetryCount = 20, RetryTimeout = TimeSpan.FromSeconds(4) } };

        var failure = await Assert.ThrowsAsync<JobFailedException>(() => JobService.RunJobAsync(request, testStore.Store, stopper, CancellationToken.None));

        var failedAfter = stoppedAt.Elapsed;
        var inner = Assert.IsType<TwinSpinException>(failure.InnerException);
        Assert.Equal(ErrorCode.ConnectionFailed, inner.Code);
        Assert.Contains("Resume-TwinSpinJob", inner.Message);
        var failed = failure.Job;
        Assert.Equal(JobStatus.Failed, failed.Status);
        // The retry timeout ends it, not the retry count: far fewer than 20 retries per worker (two) fit in 4 s of
        // backoff, and the last one starts before 4 s are up (its wait at most doubles the one before).
        var retries = failed.Warnings.Count(w => w.Contains(" of 20 in ", StringComparison.Ordinal));
        Assert.InRange(retries, 2, 2 * 8);
        Assert.True(failedAfter < TimeSpan.FromSeconds(4 + 8 + 5), $"failed {failedAfter} after the server stopped");
        Assert.True(failed.DiscrepanciesFound > 0 || failed.ProcessedRows > 0);

        server.Start();
        var resumed = await JobService.ResumeJobAsync(failed.Id, testStore.Store, new ResumeEndpoints(), new CollectingListener(), CancellationToken.None);
        await AssertExact(testStore.Store, resumed, pair);
    }

    [Fact]
    public async Task An_error_that_is_not_transient_fails_at_once_without_retries()
    {
        using var database = new PostgresDatabase();
        var pair = new RandomTablePair(505, KeyShape.Integer, 12000, 60);
        pair.WritePostgres(database, "src", source: true);
        pair.WritePostgres(database, "tgt", source: false);
        var dropper = new ActionListener(count =>
        {
            if (count == 40)
            {
                database.Execute("REVOKE ALL ON tgt FROM PUBLIC", "ALTER TABLE tgt RENAME TO tgt_gone");
            }
        });
        using var directory = new TempDirectory();
        await using var testStore = await TestStore.OpenAsync("sqlite", directory);

        var failure = await Assert.ThrowsAsync<JobFailedException>(() =>
            JobService.RunJobAsync(new CompareRequest(database.Spec("src"), database.Spec("tgt")) { Options = ManyRanges }, testStore.Store, dropper,
                CancellationToken.None));

        Assert.Equal(ErrorCode.QueryFailed, Assert.IsType<TwinSpinException>(failure.InnerException).Code);
        Assert.DoesNotContain(failure.Job.Warnings, w => w.Contains("Retry", StringComparison.Ordinal));
    }

    [Fact]
    public void Transient_errors_are_told_from_the_others()
    {
        Assert.True(TransientErrors.IsTransient(new TwinSpinException(ErrorCode.QueryFailed, "x", new PostgresException("terminated", "FATAL", "FATAL", "57P01"))));
        Assert.True(TransientErrors.IsTransient(new PostgresException("deadlock", "ERROR", "ERROR", "40P01")));
        Assert.True(TransientErrors.IsTransient(new IOException("reset")));
        Assert.False(TransientErrors.IsTransient(new PostgresException("syntax", "ERROR", "ERROR", "42601")));
        Assert.False(TransientErrors.IsTransient(new PostgresException("permission", "ERROR", "ERROR", "42501")));
        Assert.False(TransientErrors.IsTransient(new PostgresException("no table", "ERROR", "ERROR", "42P01")));
        Assert.False(TransientErrors.IsTransient(new OperationCanceledException("stop", new IOException())));
    }

    /// <summary>A pair in a database of the private server (not dropped: the server goes with its data).</summary>
    private static (RandomTablePair Pair, CompareRequest Request) WritePair(PrivatePostgresServer server, int seed)
    {
        var pair = new RandomTablePair(seed, KeyShape.Integer, 12000, 60);
        var database = new PostgresDatabase(server.ConnectionString);
        pair.WritePostgres(database, "src", source: true);
        pair.WritePostgres(database, "tgt", source: false);
        return (pair, new CompareRequest(database.Spec("src"), database.Spec("tgt")) { Options = ManyRanges });
    }

    /// <summary>Counts settled partitions as they finish and acts on the n-th.</summary>
    private sealed class ActionListener(Action<int> onPartition) : IRunListener
    {
        private int _partitions;

        public void OnPartition(PartitionRecord partition, IReadOnlyList<Discrepancy> found)
        {
            if (partition.Status != PartitionStatus.Pending)
            {
                onPartition(Interlocked.Increment(ref _partitions));
            }
        }

        public void OnProgress(RunProgress progress)
        {
        }

        public void OnWarning(string message)
        {
        }
    }
}
