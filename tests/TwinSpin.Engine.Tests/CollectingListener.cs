using System.Collections.Concurrent;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Tests;

/// <summary>Keeps every event of a run for assertions.</summary>
public sealed class CollectingListener : IRunListener
{
    public ConcurrentQueue<Discrepancy> Discrepancies { get; } = new();

    public ConcurrentQueue<PartitionRecord> Partitions { get; } = new();

    public ConcurrentQueue<RunProgress> Progress { get; } = new();

    public ConcurrentQueue<string> Warnings { get; } = new();

    public void OnPartition(PartitionRecord partition, IReadOnlyList<Discrepancy> found)
    {
        Partitions.Enqueue(partition);
        foreach (var d in found)
        {
            Discrepancies.Enqueue(d);
        }
    }

    public void OnProgress(RunProgress progress) => Progress.Enqueue(progress);

    public void OnWarning(string message) => Warnings.Enqueue(message);
}
