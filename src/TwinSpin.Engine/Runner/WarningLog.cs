using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Runner;

/// <summary>Passes every run event on and keeps the warnings, in order, so the job can record them.</summary>
/// <param name="earlier">A resumed job's warnings from its earlier runs: kept first.</param>
internal sealed class WarningLog(IRunListener inner, IEnumerable<string>? earlier = null) : IRunListener
{
    private readonly List<string> _warnings = [.. earlier ?? []];

    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_warnings)
            {
                return _warnings.ToList();
            }
        }
    }

    public void OnWarning(string message)
    {
        lock (_warnings)
        {
            _warnings.Add(message);
        }

        inner.OnWarning(message);
    }

    public void OnPartition(PartitionRecord partition, IReadOnlyList<Discrepancy> found) => inner.OnPartition(partition, found);

    public void OnSplit(PartitionRecord parent, IReadOnlyList<PartitionRecord> children) => inner.OnSplit(parent, children);

    public void OnProgress(RunProgress progress) => inner.OnProgress(progress);
}
