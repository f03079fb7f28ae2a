using System.Management.Automation;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>Asks a running job to stop, from any session that shares its job store. The job stops
/// within about a second, keeps what it found, and ends with status Cancelled.</summary>
[Cmdlet(VerbsLifecycle.Stop, "TwinSpinJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Job))]
public sealed class StopTwinSpinJobCommand : TwinSpinCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public long[] JobId { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public override string? Store { get; set; }

    /// <summary>Output the job after the request.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var location = StoreLocation;
        foreach (var id in JobId)
        {
            try
            {
                var job = WithStore((store, token) => store.GetJobAsync(id, token));
                if (job is null)
                {
                    WriteError(Error("JobNotFound", $"Job {id} does not exist in the store '{StoreDisplay}'.", ErrorCategory.ObjectNotFound, id));
                    continue;
                }

                if (!job.IsActive)
                {
                    WriteWarning($"Job {id} is {job.Status}; there is nothing to stop.");
                }
                else if (ShouldProcess($"Job {id} ({job.Definition.Name})", "Stop"))
                {
                    WithStore((store, token) => store.RequestStopAsync(id, token));
                }

                if (PassThru)
                {
                    var after = WithStore((store, token) => store.GetJobAsync(id, token));
                    WriteObject(PipelineObjects.ToJob(after!, StoreDisplay));
                }
            }
            catch (Exception e) when (e is not PipelineStoppedException)
            {
                ReportError(e, id);
            }
        }
    }
}
