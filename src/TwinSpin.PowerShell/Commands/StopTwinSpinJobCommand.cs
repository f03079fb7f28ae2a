using System.Management.Automation;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>Asks a running job to stop, from any session that shares its job store. The job stops
/// within about a second, keeps what it found, and ends with status Cancelled.</summary>
[Cmdlet(VerbsLifecycle.Stop, "TwinSpinJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Job))]
public sealed class StopTwinSpinJobCommand : JobCmdlet
{
    /// <summary>Output the job after the request.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachJob(job =>
    {
        if (!job.IsActive)
        {
            WriteWarning($"Job {job.Id} is {job.Status}; there is nothing to stop.");
        }
        else if (ShouldProcess($"Job {job.Id} ({job.Definition.Name})", "Stop"))
        {
            WithStore((store, token) => store.RequestStopAsync(job.Id, token));
        }

        if (PassThru)
        {
            var after = WithStore((store, token) => store.GetJobAsync(job.Id, token));
            WriteObject(PipelineObjects.ToJob(after!, StoreDisplay));
        }
    });
}
