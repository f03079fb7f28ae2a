using System.Management.Automation;
using TwinSpin.Engine.Store;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>Reads a job's partition tree: every key range compared, split, matched or mismatched.</summary>
[Cmdlet(VerbsCommon.Get, "TwinSpinPartition")]
[OutputType(typeof(Partition))]
public sealed class GetTwinSpinPartitionCommand : TwinSpinCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public long JobId { get; set; }

    /// <summary>Pending, Matched, Split or Mismatched (leaves whose rows differ).</summary>
    [Parameter]
    [ValidateSet("Pending", "Matched", "Split", "Mismatched", "Incomplete", IgnoreCase = true)]
    public string[]? Status { get; set; }

    [Parameter]
    [ValidateRange(0, 64)]
    public int? Depth { get; set; }

    [Parameter]
    public long? ParentId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public override string? Store { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var query = new PartitionQuery(JobId)
            {
                Statuses = (Status ?? []).Select(s => Enum.Parse<PartitionStatus>(s, ignoreCase: true)).ToList(),
                Depth = Depth,
                ParentId = ParentId,
            };
            var (job, partitions) = WithStore(async (store, token) =>
                (await store.GetJobAsync(JobId, token).ConfigureAwait(false), await store.GetPartitionsAsync(query, token).ConfigureAwait(false)));
            if (job is null)
            {
                WriteError(Error("JobNotFound", $"Job {JobId} does not exist in the store '{StoreDisplay}'.", ErrorCategory.ObjectNotFound, JobId));
                return;
            }

            var store = StoreDisplay; // once: resolving the store's path per object cost more than the object itself
            foreach (var partition in partitions)
            {
                WriteObject(PipelineObjects.ToPartition(partition, store));
            }
        }
        catch (Exception e) when (e is not PipelineStoppedException)
        {
            ReportError(e, JobId);
        }
    }
}
