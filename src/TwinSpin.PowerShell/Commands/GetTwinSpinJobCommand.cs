using System.Management.Automation;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>Lists jobs in the job store.</summary>
[Cmdlet(VerbsCommon.Get, "TwinSpinJob", DefaultParameterSetName = "All")]
[OutputType(typeof(Job), ParameterSetName = ["All", "Id"])]
[OutputType(typeof(JobSummary), ParameterSetName = ["Summary"])]
public sealed class GetTwinSpinJobCommand : TwinSpinCmdlet
{
    [Parameter(ParameterSetName = "Id", Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public long[] JobId { get; set; } = [];

    /// <summary>Job name; wildcards allowed.</summary>
    [Parameter(ParameterSetName = "All")]
    [SupportsWildcards]
    public string? Name { get; set; }

    [Parameter(ParameterSetName = "All")]
    [ValidateSet("Pending", "Running", "Completed", "Failed", "Cancelled", IgnoreCase = true)]
    public string[]? Status { get; set; }

    /// <summary>One object with the store's totals instead of the jobs.</summary>
    [Parameter(ParameterSetName = "Summary", Mandatory = true)]
    public SwitchParameter Summary { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public override string? Store { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var jobs = WithStore((store, token) => store.GetJobsAsync(token));
            if (Summary)
            {
                WriteObject(PipelineObjects.ToSummary(jobs, StoreDisplay));
                return;
            }

            if (ParameterSetName == "Id")
            {
                foreach (var id in JobId)
                {
                    var job = jobs.FirstOrDefault(j => j.Id == id);
                    if (job is null)
                    {
                        WriteError(Error("JobNotFound", $"Job {id} does not exist in the store '{StoreDisplay}'.", ErrorCategory.ObjectNotFound, id));
                        continue;
                    }

                    WriteObject(PipelineObjects.ToJob(job, StoreDisplay));
                }

                return;
            }

            var pattern = Name is null ? null : WildcardPattern.Get(Name, WildcardOptions.IgnoreCase);
            foreach (var job in jobs)
            {
                if ((pattern is null || pattern.IsMatch(job.Definition.Name)) &&
                    (Status is null || Status.Contains(job.Status.ToString(), StringComparer.OrdinalIgnoreCase)))
                {
                    WriteObject(PipelineObjects.ToJob(job, StoreDisplay));
                }
            }
        }
        catch (Exception e) when (e is not PipelineStoppedException)
        {
            ReportError(e, StoreDisplay);
        }
    }
}
