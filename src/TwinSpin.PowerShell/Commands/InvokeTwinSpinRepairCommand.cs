using System.Diagnostics;
using System.Management.Automation;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Repair;
using TwinSpin.Engine.Store;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>Applies a job's repair directly through the repaired database's connection, then reads every repaired row
/// again from both sides and reports what still differs. The only TwinSpin command that writes to a compared database.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "TwinSpinRepair", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(RepairResult))]
public sealed class InvokeTwinSpinRepairCommand : RepairCmdlet
{
    protected override void ProcessRecord() => ForEachJob(job =>
    {
        var direction = RepairDirection;
        var repaired = direction == Engine.Repair.RepairDirection.TargetFromSource ? job.Definition.Target : job.Definition.Source;
        var counts = WithStore((store, token) => store.GetDiscrepancyCountsAsync(job.Id, token));
        var (insert, delete) = direction == Engine.Repair.RepairDirection.TargetFromSource
            ? (counts.GetValueOrDefault(DiscrepancyType.MissingInTarget), counts.GetValueOrDefault(DiscrepancyType.MissingInSource))
            : (counts.GetValueOrDefault(DiscrepancyType.MissingInSource), counts.GetValueOrDefault(DiscrepancyType.MissingInTarget));
        var what = $"Repair job {job.Id}'s differences: insert up to {insert:N0} rows, delete up to {delete:N0}, " +
            $"update up to {counts.GetValueOrDefault(DiscrepancyType.ValueMismatch):N0}";
        if (!ShouldProcess($"{repaired} ({direction})", what))
        {
            return;
        }

        var location = StoreLocation;
        var endpoints = Endpoints;
        var total = counts.Values.Sum();
        var activity = $"Repairing {repaired.Provider}:{repaired.Table} (job {job.Id})";
        var clock = Stopwatch.StartNew();
        try
        {
            var (target, outcome) = RunEngine(async (pump, token) =>
            {
                var progress = new CountProgress(this, pump, 1, activity, "statements applied", total);
                await using var store = await JobStores.OpenAsync(location, mustExist: true, token).ConfigureAwait(false);
                await using var plan = await RepairPlan.OpenAsync(job, direction, endpoints, forWriting: true, token).ConfigureAwait(false);
                return (plan.Repaired.ToString(), await RepairRunner.ApplyAsync(plan, job, endpoints, store, BatchSize, progress, token).ConfigureAwait(false));
            });
            var result = new RepairResult
            {
                JobId = job.Id, Direction = direction.ToString(), Repaired = target,
                Inserted = outcome.Counts.Inserts, Updated = outcome.Counts.Updates, Deleted = outcome.Counts.Deletes, Skipped = outcome.Counts.Skipped,
                SkippedRows = outcome.Skipped.Select(s => $"{s.KeyText}: {s.Reason}").ToArray(),
                RemainingDiscrepancies = outcome.Remaining.Select(d => PipelineObjects.ToDiscrepancy(d, job.Id, null)).ToArray(),
                Duration = clock.Elapsed,
            };
            if (result.Remaining > 0)
            {
                WriteWarning($"{result.Remaining:N0} repaired rows of job {job.Id} still differ (changed while the repair ran?): see RemainingDiscrepancies, or run the job again.");
            }

            WriteObject(result);
        }
        finally
        {
            CountProgress.Complete(this, 1, activity);
        }
    });
}
