using System.Management.Automation;

namespace TwinSpin.Commands;

/// <summary>Deletes jobs with their partitions and discrepancies from the job store.</summary>
[Cmdlet(VerbsCommon.Remove, "TwinSpinJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
public sealed class RemoveTwinSpinJobCommand : JobCmdlet
{
    /// <summary>Also remove jobs that are still running.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => ForEachJob(job =>
    {
        if (job.IsActive && !Force)
        {
            WriteError(Error("JobRunning", $"Job {job.Id} is {job.Status.ToString().ToLowerInvariant()}. Stop it with Stop-TwinSpinJob first, or use -Force.",
                ErrorCategory.ResourceBusy, job.Id));
            return;
        }

        if (ShouldProcess($"Job {job.Id} ({job.Definition.Name}, {job.DiscrepanciesFound} discrepancies) in '{StoreDisplay}'", "Remove"))
        {
            WithStore((store, token) => store.RemoveJobAsync(job.Id, token));
        }
    });
}
