using System.Management.Automation;
using TwinSpin.Engine.Store;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>Cmdlets that act on stored jobs given by id (from the command line, jobs or partitions piped in).</summary>
public abstract class JobCmdlet : TwinSpinCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public long[] JobId { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public override string? Store { get; set; }

    /// <summary>Runs <paramref name="action"/> for each job that exists; a missing one or a failure is an
    /// error record for that id only.</summary>
    internal void ForEachJob(Action<JobRecord> action)
    {
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

                action(job);
            }
            // A confirmation the host cannot show (no user interface) is PowerShell's own error, not one of TwinSpin's.
            catch (Exception e) when (e is not PipelineStoppedException and not System.Management.Automation.Host.HostException)
            {
                ReportError(e, id);
            }
        }
    }
}
