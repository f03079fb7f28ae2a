using System.Management.Automation;
using System.Text;
using TwinSpin.Engine.Repair;
using TwinSpin.Engine.Reports;
using TwinSpin.Engine.Store;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>Writes the SQL that makes the target equal the source (or the other way) for every discrepancy of a job,
/// for the repaired database's own client. Nothing is changed in any database.</summary>
[Cmdlet(VerbsCommon.New, "TwinSpinRepairScript", SupportsShouldProcess = true)]
[OutputType(typeof(RepairScript))]
public sealed class NewTwinSpinRepairScriptCommand : RepairCmdlet
{
    /// <summary>The script file; a script block gives each piped job its own.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public string Path { get; set; } = string.Empty;

    /// <summary>Do not overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    protected override void ProcessRecord() => ForEachJob(job =>
    {
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        if (NoClobber && File.Exists(path))
        {
            throw new Engine.TwinSpinException(Engine.ErrorCode.ReportWriteFailed, $"The file '{path}' exists, and -NoClobber was given.") { Target = path };
        }

        if (!ShouldProcess(path, $"Write the {Direction} repair script of job {job.Id} ({job.DiscrepanciesFound:N0} discrepancies)"))
        {
            return;
        }

        var location = StoreLocation;
        var direction = RepairDirection;
        var endpoints = Endpoints;
        var activity = $"Writing the repair script of job {job.Id}";
        try
        {
            var (repaired, counts) = RunEngine(async (pump, token) =>
            {
                var progress = new CountProgress(this, pump, 1, activity, "discrepancies", job.DiscrepanciesFound);
                await using var store = await JobStores.OpenAsync(location, mustExist: true, token).ConfigureAwait(false);
                await using var plan = await RepairPlan.OpenAsync(job, direction, endpoints, forWriting: false, token).ConfigureAwait(false);
                var counts = await WholeFile.WriteAsync(path, async stream =>
                {
                    await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                    return await RepairScriptWriter.WriteAsync(plan, job, store, writer, BatchSize, DateTime.UtcNow, progress, token).ConfigureAwait(false);
                }).ConfigureAwait(false);
                return (plan.Repaired.ToString(), counts);
            });
            WriteObject(new RepairScript
            {
                JobId = job.Id, Direction = direction.ToString(), Repairs = repaired, Path = path,
                Inserts = counts.Inserts, Updates = counts.Updates, Deletes = counts.Deletes, Skipped = counts.Skipped,
            });
        }
        finally
        {
            CountProgress.Complete(this, 1, activity);
        }
    });
}
