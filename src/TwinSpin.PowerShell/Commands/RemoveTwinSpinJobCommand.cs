using System.Management.Automation;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>Deletes jobs with their partitions and discrepancies from the job store.</summary>
[Cmdlet(VerbsCommon.Remove, "TwinSpinJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
public sealed class RemoveTwinSpinJobCommand : TwinSpinCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public long[] JobId { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public override string? Store { get; set; }

    /// <summary>Also remove jobs that are still running.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

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

                if (job.IsActive && !Force)
                {
                    WriteError(Error("JobRunning", $"Job {id} is {job.Status.ToString().ToLowerInvariant()}. Stop it with Stop-TwinSpinJob first, or use -Force.", ErrorCategory.ResourceBusy, id));
                    continue;
                }

                if (ShouldProcess($"Job {id} ({job.Definition.Name}, {job.DiscrepanciesFound} discrepancies) in '{StoreDisplay}'", "Remove"))
                {
                    WithStore((store, token) => store.RemoveJobAsync(id, token));
                }
            }
            catch (Exception e) when (e is not PipelineStoppedException)
            {
                ReportError(e, id);
            }
        }
    }
}
