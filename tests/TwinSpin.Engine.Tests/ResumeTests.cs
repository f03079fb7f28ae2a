using System.Data.Common;
using Microsoft.Data.Sqlite;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// Resume: a job interrupted at any point (stopped, failed, abandoned) and resumed ends with exactly the
/// discrepancies of an uninterrupted run (the naive diff), each once, with totals and partition counts right.
/// The kill -9 case, a real process killed at random moments, is in tests/pester/Resume.Tests.ps1.
/// </summary>
public sealed class ResumeTests
{
    private static (CompareRequest Request, RandomTablePair Pair) Scenario(TempDirectory directory, int seed, CompareStrategy strategy,
        int rows = 20000, int perturbations = 40)
    {
        var pair = new RandomTablePair(seed, KeyShape.Integer, rows, perturbations);
        var (source, target) = pair.Write(directory);
        var request = new CompareRequest(SqliteTables.Spec(source), SqliteTables.Spec(target))
        {
            Options = new JobOptions { PartitionRowThreshold = 40, FanOut = 4, Parallelism = 2, Strategy = strategy },
        };
        return (request, pair);
    }

    private static async Task<List<Discrepancy>> Stored(IJobStore store, long jobId)
    {
        var result = new List<Discrepancy>();
        await foreach (var d in store.GetDiscrepanciesAsync(new DiscrepancyQuery(jobId), CancellationToken.None))
        {
            result.Add(d.Discrepancy);
        }

        return result;
    }

    /// <summary>Exactly the naive diff, each discrepancy once, every range settled, totals that add up.</summary>
    private static async Task AssertExact(IJobStore store, JobRecord job, RandomTablePair pair)
    {
        Assert.Equal(JobStatus.Completed, job.Status);
        var stored = await Stored(store, job.Id);
        var expected = NaiveDiff.Expected(pair);
        Assert.Equal(expected, NaiveDiff.Actual(stored));
        Assert.Equal(expected.Count, stored.Count); // nothing reported twice
        Assert.Equal(expected.Count, job.DiscrepanciesFound);
        Assert.Equal(pair.Source.Count + pair.Target.Count, job.TotalRows);
        Assert.Equal(job.TotalRows, job.ProcessedRows);
        var partitions = await store.GetPartitionsAsync(new PartitionQuery(job.Id), CancellationToken.None);
        Assert.All(partitions, p => Assert.Contains(p.Status, new[] { PartitionStatus.Matched, PartitionStatus.Mismatched, PartitionStatus.Split }));
        Assert.Equal(partitions.Count, partitions.Select(p => p.Id).Distinct().Count());
        Assert.Equal(stored.Count, partitions.Sum(p => p.Discrepancies));
        var settledRows = partitions.Where(p => p.Status != PartitionStatus.Split).Sum(p => p.SourceRows + p.TargetRows);
        Assert.Equal(job.TotalRows, settledRows); // the settled ranges cover every row once
    }

    /// <summary>Random stop points, as a share of the ranges an uninterrupted run settles.</summary>
    public static TheoryData<string, CompareStrategy, double> StopPoints()
    {
        var data = new TheoryData<string, CompareStrategy, double>();
        var random = new Random(2026);
        foreach (var kind in new[] { "sqlite", "postgres" })
        {
            foreach (var strategy in new[] { CompareStrategy.Checksum, CompareStrategy.Rows })
            {
                for (var i = 0; i < 3; i++)
                {
                    data.Add(kind, strategy, Math.Round(random.NextDouble() * 0.7, 3));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StopPoints))]
    public async Task A_job_cancelled_at_any_point_resumes_to_exactly_the_uninterrupted_result(string kind, CompareStrategy strategy, double stopAt)
    {
        using var directory = new TempDirectory();
        var (request, pair) = Scenario(directory, 300 + (int)(stopAt * 1000), strategy);
        await using var testStore = await TestStore.OpenAsync(kind, directory);
        var counting = new ActionListener(_ => { });
        var uninterrupted = await JobService.RunJobAsync(request, testStore.Store, counting, CancellationToken.None);
        var stopAfter = Math.Max(1, (int)(counting.Settled * stopAt));
        using var cancel = new CancellationTokenSource();
        var stopping = new ActionListener(count => { if (count == stopAfter) { cancel.Cancel(); } });

        var stopped = await JobService.RunJobAsync(request, testStore.Store, stopping, cancel.Token);
        var resumed = await JobService.ResumeJobAsync(stopped.Id, testStore.Store, new ResumeEndpoints(), new CollectingListener(), CancellationToken.None);

        Assert.Equal(JobStatus.Cancelled, stopped.Status);
        Assert.Equal(2, resumed.Runs);
        await AssertExact(testStore.Store, resumed, pair);
        Assert.Equal(NaiveDiff.Actual(await Stored(testStore.Store, uninterrupted.Id)), NaiveDiff.Actual(await Stored(testStore.Store, resumed.Id)));
    }

    [Theory]
    [MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public async Task A_failed_job_resumes_and_one_stopped_twice_still_ends_exact(string kind)
    {
        using var directory = new TempDirectory();
        var (request, pair) = Scenario(directory, 411, CompareStrategy.Rows);
        await using var testStore = await TestStore.OpenAsync(kind, directory);
        var store = testStore.Store;
        var failing = new ActionListener(count => { if (count == 25) { throw new TwinSpinException(ErrorCode.QueryFailed, "simulated driver crash"); } });

        var failure = await Assert.ThrowsAsync<JobFailedException>(() => JobService.RunJobAsync(request, store, failing, CancellationToken.None));
        Assert.Equal(JobStatus.Failed, failure.Job.Status);

        using var cancel = new CancellationTokenSource();
        var stopping = new ActionListener(count => { if (count == 15) { cancel.Cancel(); } });
        var second = await JobService.ResumeJobAsync(failure.Job.Id, store, new ResumeEndpoints(), stopping, cancel.Token);
        Assert.Equal(JobStatus.Cancelled, second.Status);
        Assert.Null(second.Error);

        var third = await JobService.ResumeJobAsync(failure.Job.Id, store, new ResumeEndpoints(), new CollectingListener(), CancellationToken.None);
        Assert.Equal(3, third.Runs);
        await AssertExact(store, third, pair);
    }

    [Theory]
    [MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public async Task A_job_whose_process_is_gone_is_abandoned_at_once_and_resumes(string kind)
    {
        using var directory = new TempDirectory();
        var (request, pair) = Scenario(directory, 412, CompareStrategy.Checksum);
        await using var testStore = await TestStore.OpenAsync(kind, directory);
        using var cancel = new CancellationTokenSource();
        var stopping = new ActionListener(count => { if (count == 30) { cancel.Cancel(); } });
        var stopped = await JobService.RunJobAsync(request, testStore.Store, stopping, cancel.Token);
        // As a killed process leaves it: Running, a fresh heartbeat, its ranges Pending, owned by a process that is gone.
        await RawAsync(testStore, $"""
            UPDATE jobs SET status = 'Running', completed_at = NULL, heartbeat_at = '{DateTime.UtcNow:O}',
                owner = '{Environment.MachineName}:{int.MaxValue - 7}:1' WHERE id = {stopped.Id};
            UPDATE partitions SET status = 'Pending' WHERE job_id = {stopped.Id} AND status = 'Incomplete'
            """);

        var seen = await testStore.Store.GetJobAsync(stopped.Id, CancellationToken.None);
        Assert.Equal(JobStatus.Failed, seen!.Status);
        Assert.StartsWith("Abandoned", seen.Error);

        var resumed = await JobService.ResumeJobAsync(stopped.Id, testStore.Store, new ResumeEndpoints(), new CollectingListener(), CancellationToken.None);
        await AssertExact(testStore.Store, resumed, pair);
    }

    [Fact]
    public async Task A_job_held_by_a_live_process_is_refused_and_of_two_claims_only_one_wins()
    {
        using var directory = new TempDirectory();
        var (request, _) = Scenario(directory, 413, CompareStrategy.Rows, rows: 20000);
        await using var testStore = await TestStore.OpenAsync("sqlite", directory);
        var store = testStore.Store;
        using var cancel = new CancellationTokenSource();
        var stopped = await JobService.RunJobAsync(request, store, new ActionListener(count => { if (count == 5) { cancel.Cancel(); } }), cancel.Token);

        // Two resumes read the job at once: the first claim wins, the second finds the runs moved on.
        Assert.True(await store.ClaimForResumeAsync(stopped.Id, stopped.Runs, CancellationToken.None));
        Assert.False(await store.ClaimForResumeAsync(stopped.Id, stopped.Runs, CancellationToken.None));

        // The winner (this live process) holds it: another resume is refused, naming the holder.
        var refused = await Assert.ThrowsAsync<TwinSpinException>(() =>
            JobService.ResumeJobAsync(stopped.Id, store, new ResumeEndpoints(), new CollectingListener(), CancellationToken.None));
        Assert.Equal(ErrorCode.JobRunning, refused.Code);
        Assert.Contains($"process {Environment.ProcessId}", refused.Message);
    }

    [Fact]
    public async Task A_completed_job_is_returned_unchanged_with_a_warning()
    {
        using var directory = new TempDirectory();
        var (request, _) = Scenario(directory, 414, CompareStrategy.Checksum, rows: 500, perturbations: 10);
        await using var testStore = await TestStore.OpenAsync("sqlite", directory);
        var done = await JobService.RunJobAsync(request, testStore.Store, new CollectingListener(), CancellationToken.None);
        var listener = new CollectingListener();

        var again = await JobService.ResumeJobAsync(done.Id, testStore.Store, new ResumeEndpoints(), listener, CancellationToken.None);

        Assert.Equal(JobStatus.Completed, again.Status);
        Assert.Equal(1, again.Runs);
        Assert.Equal(done.DiscrepanciesFound, again.DiscrepanciesFound);
        Assert.Contains(listener.Warnings, w => w.Contains("nothing to resume"));
    }

    [Fact]
    public async Task A_job_whose_table_changed_is_not_resumed()
    {
        using var directory = new TempDirectory();
        var (request, _) = Scenario(directory, 415, CompareStrategy.Rows);
        await using var testStore = await TestStore.OpenAsync("sqlite", directory);
        using var cancel = new CancellationTokenSource();
        var stopped = await JobService.RunJobAsync(request, testStore.Store, new ActionListener(count => { if (count == 10) { cancel.Cancel(); } }), cancel.Token);
        Assert.Equal(JobStatus.Cancelled, stopped.Status);
        var column = stopped.Definition.Plan.ComparedColumns[0].Name;
        using (var connection = new SqliteConnection($"Data Source={ConnectionStringPath(request.Target)}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"ALTER TABLE t DROP COLUMN \"{column}\"";
            command.ExecuteNonQuery();
        }

        var error = await Assert.ThrowsAsync<TwinSpinException>(() =>
            JobService.ResumeJobAsync(stopped.Id, testStore.Store, new ResumeEndpoints(), new CollectingListener(), CancellationToken.None));

        Assert.Equal(ErrorCode.SchemaChanged, error.Code);
        Assert.Contains($"target column '{column}' is gone", error.Message);
        Assert.Equal(JobStatus.Cancelled, (await testStore.Store.GetJobAsync(stopped.Id, CancellationToken.None))!.Status); // not claimed
    }

    [Fact]
    public async Task A_stored_connection_without_its_password_needs_a_credential_and_resumes_with_one()
    {
        using var database = new PostgresDatabase();
        using var directory = new TempDirectory();
        var pair = new RandomTablePair(416, KeyShape.Integer, 3000, 60);
        pair.WritePostgres(database, "src", source: true);
        pair.WritePostgres(database, "tgt", source: false);
        var builder = new DbConnectionStringBuilder { ConnectionString = database.ConnectionString };
        var password = (string)builder["Password"];
        var user = (string)builder["Username"];
        var request = new CompareRequest(database.Spec("src"), database.Spec("tgt"))
        {
            Options = new JobOptions { PartitionRowThreshold = 40, FanOut = 4, Parallelism = 1, Strategy = CompareStrategy.Rows },
        };
        await using var testStore = await TestStore.OpenAsync("sqlite", directory);
        using var cancel = new CancellationTokenSource();
        var stopped = await JobService.RunJobAsync(request, testStore.Store, new ActionListener(count => { if (count == 8) { cancel.Cancel(); } }), cancel.Token);
        Assert.Equal(JobStatus.Cancelled, stopped.Status);
        Assert.DoesNotContain(password, stopped.Definition.Source.ConnectionString);

        var error = await Assert.ThrowsAsync<TwinSpinException>(() =>
            JobService.ResumeJobAsync(stopped.Id, testStore.Store, new ResumeEndpoints(), new CollectingListener(), CancellationToken.None));
        Assert.Equal(ErrorCode.CredentialRequired, error.Code);
        Assert.Contains("-Credential", error.Message);
        Assert.DoesNotContain(password, error.Message);

        var resumed = await JobService.ResumeJobAsync(stopped.Id, testStore.Store, new ResumeEndpoints { UserName = user, Password = password },
            new CollectingListener(), CancellationToken.None);
        await AssertExact(testStore.Store, resumed, pair);
        Assert.DoesNotContain(password, File.ReadAllText(testStore.Location));
    }

    private static string ConnectionStringPath(EndpointSpec spec) =>
        (string)new DbConnectionStringBuilder { ConnectionString = spec.ConnectionString }["Data Source"];

    private static async Task RawAsync(TestStore testStore, string sql)
    {
        DbConnection connection = testStore.Location.Contains('=')
            ? new Npgsql.NpgsqlConnection(testStore.Location)
            : new SqliteConnection($"Data Source={testStore.Location}");
        await using (connection)
        {
            await connection.OpenAsync();
            foreach (var statement in sql.Split(';'))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = statement;
                await command.ExecuteNonQueryAsync();
            }
        }
    }

    /// <summary>Counts settled partitions as they finish and acts on the n-th.</summary>
    private sealed class ActionListener(Action<int> onPartition) : IRunListener
    {
        private int _partitions;

        public int Settled => _partitions;

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
