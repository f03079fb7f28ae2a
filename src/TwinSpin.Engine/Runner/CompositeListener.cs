using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Runner;

/// <summary>Fans run events out to several listeners (the store writer and the caller).</summary>
public sealed class CompositeListener(params IRunListener[] listeners) : IRunListener
{
    public void OnPartition(PartitionRecord partition, IReadOnlyList<Discrepancy> found)
    {
        foreach (var listener in listeners)
        {
            listener.OnPartition(partition, found);
        }
    }

    public void OnSplit(PartitionRecord parent, IReadOnlyList<PartitionRecord> children)
    {
        foreach (var listener in listeners)
        {
            listener.OnSplit(parent, children);
        }
    }

    public void OnProgress(RunProgress progress)
    {
        foreach (var listener in listeners)
        {
            listener.OnProgress(progress);
        }
    }

    public void OnWarning(string message)
    {
        foreach (var listener in listeners)
        {
            listener.OnWarning(message);
        }
    }
}
