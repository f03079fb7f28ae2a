using System.Management.Automation;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Store;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>Reads the discrepancies a job found: missing rows and field-level value differences.</summary>
[Cmdlet(VerbsCommon.Get, "TwinSpinDiscrepancy")]
[OutputType(typeof(Discrepancy))]
public sealed class GetTwinSpinDiscrepancyCommand : TwinSpinCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public long JobId { get; set; }

    [Parameter]
    [ValidateSet("MissingInTarget", "MissingInSource", "ValueMismatch", "DuplicateKey", IgnoreCase = true)]
    public string[]? Type { get; set; }

    /// <summary>Only discrepancies of this partition (binds from partition objects).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public long? PartitionId { get; set; }

    /// <summary>At most this many discrepancies.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? First { get; set; }

    /// <summary>Also the discrepancies a recheck found resolved in flight (their ResolvedAt set).</summary>
    [Parameter]
    public SwitchParameter IncludeResolved { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public override string? Store { get; set; }

    protected override void ProcessRecord()
    {
        var location = StoreLocation;
        try
        {
            var query = new DiscrepancyQuery(JobId)
            {
                Types = (Type ?? []).Select(t => Enum.Parse<DiscrepancyType>(t, ignoreCase: true)).ToList(),
                PartitionId = PartitionId,
                First = First,
                IncludeResolved = IncludeResolved,
            };
            var found = StreamDiscrepancies(location, query, batch => WriteObject(batch, enumerateCollection: true));

            if (!found)
            {
                WriteError(Error("JobNotFound", $"Job {JobId} does not exist in the store '{StoreDisplay}'.", ErrorCategory.ObjectNotFound, JobId));
            }
        }
        catch (Exception e) when (e is not PipelineStoppedException)
        {
            ReportError(e, JobId);
        }
    }
}
