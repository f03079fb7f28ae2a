using System.Management.Automation;
using EngineDiscrepancy = TwinSpin.Engine.Diffing.Discrepancy;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using PSJob = System.Management.Automation.Job;

namespace TwinSpin.Hosting;

/// <summary>
/// A reconciliation run as a PowerShell job (Start-TwinSpinJob -AsJob): Get-Job, Wait-Job, Receive-Job and Stop-Job
/// work on it. The engine runs on the thread pool and writes into the job's own streams (thread-safe collections
/// that Receive-Job drains on the caller's pipeline thread), never into a pipeline.
/// </summary>
internal sealed class BackgroundJob : PSJob
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public BackgroundJob(string command, string name) : base(command, name)
    {
        PSJobTypeName = "TwinSpinJob";
    }

    public override bool HasMoreData => Output.Count > 0 || Error.Count > 0 || Warning.Count > 0 || Progress.Count > 0;

    public override string Location => Environment.MachineName;

    public override string StatusMessage => _stop.IsCancellationRequested ? "Stopping" : string.Empty;

    /// <summary>Starts the run; <paramref name="store"/> is the store as shown (without secrets), for the job objects.</summary>
    public void Start(Func<IRunListener, CancellationToken, Task<JobRecord>> run, string activity, string store)
    {
        SetJobState(JobState.Running);
        var listener = new Listener(this, activity);
        _run = Task.Run(async () =>
        {
            var state = JobState.Completed;
            try
            {
                var job = await run(listener, _stop.Token).ConfigureAwait(false);
                if (job.Status == JobStatus.Cancelled)
                {
                    Warning.Add(new WarningRecord($"Job {job.Id} was stopped; the discrepancies found so far are kept."));
                    state = JobState.Stopped;
                }

                Output.Add(PSObject.AsPSObject(PipelineObjects.ToJob(job, store)));
            }
            catch (Engine.Runner.JobFailedException failed)
            {
                Error.Add(TwinSpinCmdlet.FailedJobError(failed, store));
                Output.Add(PSObject.AsPSObject(PipelineObjects.ToJob(failed.Job, store)));
                state = JobState.Failed;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                state = JobState.Stopped; // stopped before the job was recorded
            }
            catch (Exception e)
            {
                Error.Add(TwinSpinCmdlet.ToErrorRecord(e, Name, store));
                state = JobState.Failed;
            }
            finally
            {
                Progress.Add(ProgressRecords.Completed(1, activity));
            }

            SetJobState(state);
        });
    }

    /// <summary>Stop-Job: the run stops at its next range, records the job as Cancelled and keeps what it found.</summary>
    public override void StopJob()
    {
        _stop.Cancel();
        _run?.Wait(TimeSpan.FromMinutes(1));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Listener(BackgroundJob job, string activity) : IRunListener
    {
        public void OnPartition(PartitionRecord partition, IReadOnlyList<EngineDiscrepancy> found)
        {
        }

        public void OnProgress(RunProgress progress) => job.Progress.Add(ProgressRecords.For(1, activity, progress));

        public void OnWarning(string message) => job.Warning.Add(new WarningRecord(message));
    }
}
