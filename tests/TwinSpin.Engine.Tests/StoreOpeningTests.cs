using System.Reflection;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>A job whose store is opened while its endpoints are read (JobService.RunJobAsync with a store opener):
/// the job is stored as with an open store, the store is closed exactly once whatever happens, and a failure of
/// either the endpoints or the store is reported as itself.</summary>
public sealed class StoreOpeningTests
{
    private static CompareRequest Pair(TempDirectory directory, out RandomTablePair pair)
    {
        pair = new RandomTablePair(17, KeyShape.Integer, 3000, 40);
        var (source, target) = pair.Write(directory);
        return new CompareRequest(SqliteTables.Spec(source), SqliteTables.Spec(target)) { Options = new JobOptions { PartitionRowThreshold = 200 } };
    }

    [Fact]
    public async Task The_job_is_stored_in_the_store_opened_beside_the_endpoints_which_is_closed_once_after_it()
    {
        using var directory = new TempDirectory();
        var request = Pair(directory, out var pair);
        var path = directory.File("store.db");
        DisposeCounter? counter = null;

        var job = await JobService.RunJobAsync(request, async token => (counter = DisposeCounter.Wrap(await JobStores.OpenAsync(path, token))).Store,
            new CollectingListener(), CancellationToken.None);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, counter!.Disposals);
        await using var store = await JobStores.OpenAsync(path, CancellationToken.None);
        var stored = new List<Diffing.Discrepancy>();
        await foreach (var d in store.GetDiscrepanciesAsync(new DiscrepancyQuery(job.Id), CancellationToken.None))
        {
            stored.Add(d.Discrepancy);
        }

        Assert.Equal(NaiveDiff.Expected(pair), NaiveDiff.Actual(stored));
    }

    [Fact]
    public async Task When_an_endpoint_fails_its_checks_that_error_is_reported_nothing_is_recorded_and_the_store_is_closed()
    {
        using var directory = new TempDirectory();
        var db = SqliteTables.Create(directory, "a.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        var path = directory.File("store.db");
        DisposeCounter? counter = null;

        var error = await Assert.ThrowsAsync<TwinSpinException>(() => JobService.RunJobAsync(
            new CompareRequest(SqliteTables.Spec(db), SqliteTables.Spec(db, "nope")),
            async token => (counter = DisposeCounter.Wrap(await JobStores.OpenAsync(path, token))).Store, new CollectingListener(), CancellationToken.None));

        Assert.Equal(ErrorCode.TableNotFound, error.Code);
        Assert.Equal(1, counter!.Disposals);
        await using var store = await JobStores.OpenAsync(path, CancellationToken.None);
        Assert.Empty(await store.GetJobsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_store_that_cannot_be_opened_fails_the_job_with_its_own_error()
    {
        using var directory = new TempDirectory();
        var request = Pair(directory, out _);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => JobService.RunJobAsync(
            request, _ => Task.FromException<IJobStore>(new InvalidOperationException("the store is unreachable")), new CollectingListener(), CancellationToken.None));

        Assert.Equal("the store is unreachable", error.Message);
    }

    /// <summary>Forwards every call to a real store and counts its disposals.</summary>
    public class DisposeCounter : DispatchProxy
    {
        private IJobStore _inner = null!;

        public int Disposals { get; private set; }

        /// <summary>The proxy itself, as the store it stands for.</summary>
        public IJobStore Store => (IJobStore)(object)this;

        public static DisposeCounter Wrap(IJobStore inner)
        {
            var proxy = Create<IJobStore, DisposeCounter>();
            var counter = (DisposeCounter)(object)proxy;
            counter._inner = inner;
            return counter;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IAsyncDisposable.DisposeAsync))
            {
                Disposals++;
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }
    }
}
