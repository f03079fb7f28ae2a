using System.Management.Automation;
using TwinSpin.Engine.Runner;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>Reconciles two tables and records the job, its partition tree and every discrepancy in the job store.</summary>
[Cmdlet(VerbsLifecycle.Start, "TwinSpinJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(Job))]
[OutputType(typeof(System.Management.Automation.Job))]
public sealed class StartTwinSpinJobCommand : CompareCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public Endpoint Source { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public Endpoint Target { get; set; } = null!;

    /// <summary>A name for the job. Default: the table name.</summary>
    [Parameter]
    public string? Name { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public override string? Store { get; set; }

    /// <summary>After the run, read the discrepancies again by key on both sides after -RecheckDelay; those that no
    /// longer differ (rows in flight on a live replica) are kept as resolved, left out of the counts.</summary>
    [Parameter]
    public SwitchParameter Recheck { get; set; }

    /// <summary>Seconds waited before each recheck.</summary>
    [Parameter]
    [ValidateRange(0, 86_400)]
    public int RecheckDelay { get; set; } = 30;

    /// <summary>How many rechecks, each after -RecheckDelay (each rechecks what still stands).</summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int RecheckCount { get; set; } = 1;

    /// <summary>Run in the background as a PowerShell job, returned at once.</summary>
    [Parameter]
    public SwitchParameter AsJob { get; set; }

    protected override void ProcessRecord()
    {
        var location = StoreLocation;
        if (!ShouldProcess($"{Source} -> {Target} (store {StoreDisplay})", "Start reconciliation job"))
        {
            return;
        }

        var activity = $"TwinSpin: {Source} vs {Target}";
        try
        {
            var request = BuildRequest(Source, Target) with { Name = Name };
            request = request with
            {
                Options = request.Options with { RecheckCount = Recheck ? RecheckCount : 0, RecheckDelay = TimeSpan.FromSeconds(RecheckDelay) },
            };
            if (AsJob)
            {
                StartBackground(request, location, activity);
                return;
            }

            var job = RunEngine(async (pump, token) =>
            {
                var listener = new PipelineListener(this, pump, activity, 1, emit: null);
                try
                {
                    return await JobService.RunJobAsync(request, t => Engine.Store.JobStores.OpenAsync(location, t), listener, token).ConfigureAwait(false);
                }
                finally
                {
                    listener.Complete();
                }
            });

            if (job.Status == Engine.Store.JobStatus.Cancelled)
            {
                WriteWarning($"Job {job.Id} was stopped; the discrepancies found so far are kept.");
            }

            WriteObject(PipelineObjects.ToJob(job, StoreDisplay));
        }
        catch (Engine.Runner.JobFailedException failed)
        {
            WriteFailedJob(failed);
        }
        catch (Exception e) when (e is not PipelineStoppedException and not OperationCanceledException)
        {
            // Bad input for this pair: the next pair piped in may still run.
            ReportError(e, Source);
        }
    }

    /// <summary>Everything the run needs is read here, on the pipeline thread; the job then runs without the session.</summary>
    private void StartBackground(CompareRequest request, string location, string activity)
    {
        // The command line could hold a password typed inline: the job shows the endpoints as they print, without secrets.
        var background = new BackgroundJob($"Start-TwinSpinJob {Source} {Target}", Name ?? $"TwinSpin {Source.Table}");
        background.Start(async (listener, token) =>
        {
            return await JobService.RunJobAsync(request, t => Engine.Store.JobStores.OpenAsync(location, t), listener, token).ConfigureAwait(false);
        }, activity, StoreDisplay);
        JobRepository.Add(background);
        WriteObject(background);
    }
}
