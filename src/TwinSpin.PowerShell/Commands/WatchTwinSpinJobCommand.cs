using System.Management.Automation;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>Follows a job from any session: live Write-Progress read from the store until the job ends, then the job.</summary>
[Cmdlet("Watch", "TwinSpinJob")]
[OutputType(typeof(Job))]
public sealed class WatchTwinSpinJobCommand : TwinSpinCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public long JobId { get; set; }

    /// <summary>How often the store is read.</summary>
    [Parameter]
    [ValidateRange(0.1, 3600)]
    public double IntervalSeconds { get; set; } = 1;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public override string? Store { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var location = StoreLocation;
            var activity = $"Watching TwinSpin job {JobId}";
            var activityId = (int)(JobId % int.MaxValue);
            var job = RunEngine(async (pump, token) =>
            {
                await using var store = await JobStores.OpenAsync(location, mustExist: true, token).ConfigureAwait(false);
                while (true)
                {
                    // Reading a job also settles it as abandoned when the process running it is gone.
                    var current = await store.GetJobAsync(JobId, token).ConfigureAwait(false);
                    if (current is null || current.Status is not (JobStatus.Pending or JobStatus.Running))
                    {
                        pump.Post(() => WriteProgress(ProgressRecords.Completed(activityId, activity)));
                        return current;
                    }

                    var record = ProgressRecords.For(activityId, $"{activity} ({current.Definition.Name}): {current.Status}",
                        RunProgress.Of(current, DateTime.UtcNow));
                    pump.Post(() => WriteProgress(record));
                    await Task.Delay(TimeSpan.FromSeconds(IntervalSeconds), token).ConfigureAwait(false);
                }
            });
            if (job is null)
            {
                WriteError(Error("JobNotFound", $"Job {JobId} does not exist in the store '{StoreDisplay}'.", ErrorCategory.ObjectNotFound, JobId));
                return;
            }

            WriteObject(PipelineObjects.ToJob(job, StoreDisplay));
        }
        catch (Exception e) when (e is not PipelineStoppedException)
        {
            ReportError(e, JobId);
        }
    }
}
