using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Runner;

/// <summary>Passes every run event on and keeps the warnings, in order, so the job can record them.</summary>
internal sealed class WarningLog(IRunListener inner) : IRunListener
{
    private readonly List<string> _warnings = [];

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

    public void OnProgress(RunProgress progress) => inner.OnProgress(progress);
}
