using System.Management.Automation;
using TwinSpin.Engine.Store;
using TwinSpin.Engine.Views;
using TwinSpin.Hosting;
using TwinSpin.Views;

namespace TwinSpin.Commands;

/// <summary>Draws a job's partition tree, one line per range, with runs of matched ranges rolled up into one line.</summary>
[Cmdlet(VerbsCommon.Show, "TwinSpinPartition")]
[OutputType(typeof(string))]
public sealed class ShowTwinSpinPartitionCommand : TwinSpinCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public long JobId { get; set; }

    /// <summary>Draw only the subtree under this partition.</summary>
    [Parameter]
    public long? PartitionId { get; set; }

    /// <summary>Levels drawn below the root; deeper ranges are counted on the last line drawn.</summary>
    [Parameter]
    [ValidateRange(0, 64)]
    public int? Depth { get; set; }

    /// <summary>Mismatched (default): matched siblings rolled up; All: every range on its own line.</summary>
    [Parameter]
    [ValidateSet("Mismatched", "All", IgnoreCase = true)]
    public string Expand { get; set; } = "Mismatched";

    [Parameter]
    public SwitchParameter NoColor { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public override string? Store { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var (job, partitions) = WithStore(async (store, token) =>
                (await store.GetJobAsync(JobId, token).ConfigureAwait(false),
                 await store.GetPartitionsAsync(new PartitionQuery(JobId), token).ConfigureAwait(false)));
            if (job is null)
            {
                WriteError(Error("JobNotFound", $"Job {JobId} does not exist in the store '{StoreDisplay}'.", ErrorCategory.ObjectNotFound, JobId));
                return;
            }

            var tree = PartitionTree.Build(partitions);
            if (PartitionId is { } partitionId)
            {
                if (tree.Subtree(partitionId) is not { } subtree)
                {
                    WriteError(Error("PartitionNotFound", $"Job {JobId} has no partition {partitionId}.", ErrorCategory.ObjectNotFound, partitionId));
                    return;
                }

                tree = subtree;
            }

            var style = ConsoleStyle.For(this, NoColor);
            foreach (var line in PartitionTreeLayout.Lines(tree, Enum.Parse<TreeExpansion>(Expand, ignoreCase: true), Depth))
            {
                WriteObject(PartitionTreeText.Format(line, style));
            }
        }
        catch (Exception e) when (e is not PipelineStoppedException)
        {
            ReportError(e, JobId);
        }
    }
}
