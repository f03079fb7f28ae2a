using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>Stored jobs: results match, stop requests and cancellations end as Cancelled, failures as
/// Failed, and in every case what was found before stays in the store.</summary>
public sealed class JobLifecycleTests
{
    /// <summary>A pair to compare; small thresholds with the Rows strategy make a long run of many small
    /// partitions (the checksum strategy would fetch a range dense with differences at once).</summary>
    private static (CompareRequest Request, RandomTablePair Pair) Scenario(TempDirectory directory, int seed, int rows, int perturbations, int threshold = 50)
    {
        var pair = new RandomTablePair(seed, KeyShape.Integer, rows, perturbations);
        var (source, target) = pair.Write(directory);
        var request = new CompareRequest(SqliteTables.Spec(source), SqliteTables.Spec(target))
        {
            Options = new JobOptions
            {
                PartitionRowThreshold = threshold,
                FanOut = 4,
                Parallelism = 1,
                Strategy = threshold < 50 ? CompareStrategy.Rows : CompareStrategy.Checksum,
            },
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

    [Theory]
    [MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public async Task A_completed_job_stores_exactly_the_naive_diff_and_a_consistent_tree(string kind)
    {
        using var directory = new TempDirectory();
        var (request, pair) = Scenario(directory, 101, 4000, 80);
        await using var testStore = await TestStore.OpenAsync(kind, directory);
        var store = testStore.Store;

        var job = await JobService.RunJobAsync(request, store, new CollectingListener(), CancellationToken.None);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(NaiveDiff.Expected(pair), NaiveDiff.Actual(await Stored(store, job.Id)));
        Assert.Equal(NaiveDiff.Expected(pair).Count, job.DiscrepanciesFound);
        Assert.Equal(job.TotalRows, job.ProcessedRows);
        var partitions = await store.GetPartitionsAsync(new PartitionQuery(job.Id), CancellationToken.None);
        Assert.DoesNotContain(partitions, p => p.Status == PartitionStatus.Pending);
        Assert.Equal(job.DiscrepanciesFound, partitions.Sum(p => p.Discrepancies));
        // Every split partition's children cover exactly its rows.
        foreach (var split in partitions.Where(p => p.Status == PartitionStatus.Split))
        {
            var children = partitions.Where(p => p.ParentId == split.Id).ToList();
            Assert.Equal(split.SourceRows, children.Sum(c => c.SourceRows));
        }
    }

    [Theory]
    [MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public async Task A_stop_request_through_the_store_cancels_and_keeps_what_was_found(string kind)
    {
        using var directory = new TempDirectory();
        var (request, _) = Scenario(directory, 102, 20000, 400, threshold: 20);
        await using var testStore = await TestStore.OpenAsync(kind, directory);
        var store = testStore.Store;
        var listener = new StopAfterListener(store, partitions: 30);

        var job = await JobService.RunJobAsync(request, store, listener, CancellationToken.None);

        Assert.Equal(JobStatus.Cancelled, job.Status);
        Assert.True(job.StopRequested);
        var stored = await Stored(store, job.Id);
        Assert.Equal(listener.Found, stored.Count);
        Assert.Equal(job.DiscrepanciesFound, stored.Count);
        Assert.True(job.ProcessedRows < job.TotalRows);
    }

    [Theory]
    [MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public async Task Cancellation_by_the_caller_ends_as_cancelled(string kind)
    {
        using var directory = new TempDirectory();
        var (request, _) = Scenario(directory, 103, 20000, 400, threshold: 20);
        await using var testStore = await TestStore.OpenAsync(kind, directory);
        var store = testStore.Store;
        using var cancel = new CancellationTokenSource();
        var listener = new ActionListener(count => { if (count == 40) { cancel.Cancel(); } });

        var job = await JobService.RunJobAsync(request, store, listener, cancel.Token);

        Assert.Equal(JobStatus.Cancelled, job.Status);
        Assert.Equal(listener.Found, (await Stored(store, job.Id)).Count);
    }

    [Theory]
    [MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public async Task A_failure_mid_run_ends_as_failed_with_the_error_and_keeps_what_was_found(string kind)
    {
        using var directory = new TempDirectory();
        var (request, _) = Scenario(directory, 104, 20000, 400, threshold: 20);
        await using var testStore = await TestStore.OpenAsync(kind, directory);
        var store = testStore.Store;
        var listener = new ActionListener(count => { if (count == 60) { throw new TwinSpinException(ErrorCode.QueryFailed, "simulated driver crash"); } });

        var failure = await Assert.ThrowsAsync<JobFailedException>(() => JobService.RunJobAsync(request, store, listener, CancellationToken.None));

        Assert.Equal(JobStatus.Failed, failure.Job.Status);
        Assert.Contains("simulated driver crash", failure.Job.Error);
        var stored = await Stored(store, failure.Job.Id);
        Assert.True(stored.Count > 0);
        Assert.Equal(listener.Found, stored.Count);
    }

    /// <summary>Counts partitions as they finish and acts on the n-th.</summary>
    private class ActionListener(Action<int> onPartition) : IRunListener
    {
        private int _partitions;
        private int _found;

        public int Found => _found;

        public virtual void OnPartition(PartitionRecord partition, IReadOnlyList<Discrepancy> found)
        {
            if (partition.Status == PartitionStatus.Pending)
            {
                return;
            }

            onPartition(Interlocked.Increment(ref _partitions));
            Interlocked.Add(ref _found, found.Count);
        }

        public void OnProgress(RunProgress progress)
        {
        }

        public void OnWarning(string message)
        {
        }
    }

    /// <summary>Asks the store to stop the job (as Stop-TwinSpinJob in another session would).</summary>
    private sealed class StopAfterListener(IJobStore store, int partitions) : ActionListener(count =>
    {
        if (count == partitions)
        {
            var job = store.GetJobsAsync(CancellationToken.None).GetAwaiter().GetResult().Single();
            store.RequestStopAsync(job.Id, CancellationToken.None).GetAwaiter().GetResult();
            // Hold this (only) worker long enough for the stop poll to see the request.
            Thread.Sleep(1500);
        }
    });
}
