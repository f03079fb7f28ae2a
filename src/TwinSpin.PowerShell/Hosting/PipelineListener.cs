using System.Management.Automation;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using EngineDiscrepancy = TwinSpin.Engine.Diffing.Discrepancy;

namespace TwinSpin.Hosting;

/// <summary>Turns run events into pipeline writes: Write-Progress, warnings and (optionally) discrepancy objects.</summary>
internal sealed class PipelineListener(PSCmdlet cmdlet, PipelinePump pump, string activity, int activityId, Func<EngineDiscrepancy, PartitionRecord, Discrepancy>? emit)
    : IRunListener
{
    public void OnPartition(PartitionRecord partition, IReadOnlyList<EngineDiscrepancy> found)
    {
        if (emit is null || found.Count == 0)
        {
            return;
        }

        var objects = found.Select(d => emit(d, partition)).ToList();
        pump.Post(() =>
        {
            foreach (var o in objects)
            {
                cmdlet.WriteObject(o);
            }
        });
    }

    public void OnProgress(RunProgress progress)
    {
        var record = ProgressRecords.For(activityId, activity, progress);
        pump.Post(() => cmdlet.WriteProgress(record));
    }

    public void OnWarning(string message) => pump.Post(() => cmdlet.WriteWarning(message));

    public void Complete() => pump.Post(() => cmdlet.WriteProgress(ProgressRecords.Completed(activityId, activity)));
}
