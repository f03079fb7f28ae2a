using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Sampling;

/// <summary>What a key sampler draws from: the source's session and its sampling queries, how many keys, the seed,
/// where progress goes, and a count of the queries sent (a sample's cost).</summary>
internal sealed class SampleDraw(EndpointSession session, int size, int seed, IProgress<SampleProgress>? progress)
{
    public EndpointSession Session { get; } = session;

    public SampleQueries Queries { get; } = new(session);

    public int Size { get; } = size;

    public int Seed { get; } = seed;

    public int QueriesSent { get; private set; }

    public void Report(int drawn) => progress?.Report(new SampleProgress("Drawing keys", Math.Min(drawn, Size), Size));

    /// <summary>Keys read so far by a scan, whose total is not known (<see cref="SampleProgress.Total"/> 0).</summary>
    public void ReportScanned(int read) => progress?.Report(new SampleProgress("Scanning keys", read, 0));

    /// <summary>Runs a key query on the source, each row's first <paramref name="width"/> values to <paramref name="row"/>.</summary>
    public Task<long> RunAsync((string Sql, IReadOnlyList<object> Parameters) query, int width, Action<object[]> row, CancellationToken cancellationToken)
    {
        QueriesSent++;
        return Session.ForEachRowAsync(query, width, row, cancellationToken);
    }

    public int KeyCount => Session.Plan.KeyCount;
}

/// <summary>Draws up to <see cref="SampleDraw.Size"/> distinct keys from the source.</summary>
internal interface IKeySampler
{
    SampleMethod Method { get; }

    Task<List<object[]>> DrawAsync(SampleDraw draw, CancellationToken cancellationToken);
}
