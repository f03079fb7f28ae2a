using System.Management.Automation;
using TwinSpin.Engine.Runner;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>
/// Continues a stored job that was stopped, failed or abandoned (its process killed, the machine rebooted):
/// ranges already settled are not read again, the others are done again, and the discrepancies end exactly as
/// an uninterrupted run's. Returns the job when it ends, with live progress like Start-TwinSpinJob.
/// </summary>
[Cmdlet(VerbsLifecycle.Resume, "TwinSpinJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(Job))]
public sealed class ResumeTwinSpinJobCommand : JobCmdlet
{
    /// <summary>User name and password for connections whose secret was never stored (both sides that need one).</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Replaces the stored source endpoint (same provider and table), e.g. to connect to a server that moved.</summary>
    [Parameter]
    public Endpoint? Source { get; set; }

    /// <summary>Replaces the stored target endpoint (same provider and table).</summary>
    [Parameter]
    public Endpoint? Target { get; set; }

    protected override void ProcessRecord() => ForEachJob(job =>
    {
        if (!ShouldProcess($"Job {job.Id} ({job.Definition.Name}, {job.Status})", "Resume"))
        {
            return;
        }

        var location = StoreLocation;
        var endpoints = new ResumeEndpoints
        {
            Source = Source is null ? null : PipelineObjects.ToSpec(Source),
            Target = Target is null ? null : PipelineObjects.ToSpec(Target),
            UserName = Credential?.UserName,
            Password = Credential?.GetNetworkCredential().Password,
        };
        var activity = $"TwinSpin: resuming job {job.Id} ({job.Definition.Name})";
        try
        {
            var resumed = RunEngine(async (pump, token) =>
            {
                await using var store = await Engine.Store.JobStores.OpenAsync(location, mustExist: true, token).ConfigureAwait(false);
                var listener = new PipelineListener(this, pump, activity, 1, emit: null);
                try
                {
                    return await JobService.ResumeJobAsync(job.Id, store, endpoints, listener, token).ConfigureAwait(false);
                }
                finally
                {
                    listener.Complete();
                }
            });

            if (resumed.Status == Engine.Store.JobStatus.Cancelled)
            {
                WriteWarning($"Job {resumed.Id} was stopped again; Resume-TwinSpinJob continues it from here.");
            }

            WriteObject(PipelineObjects.ToJob(resumed, StoreDisplay));
        }
        catch (Engine.Runner.JobFailedException failed)
        {
            WriteFailedJob(failed);
        }
    });
}
