using System.Management.Automation;
using TwinSpin.Engine.Repair;
using TwinSpin.Engine.Runner;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>What New-TwinSpinRepairScript and Invoke-TwinSpinRepair share: which side is repaired, how to reach the
/// databases again (as Resume-TwinSpinJob does), and the batch size.</summary>
public abstract class RepairCmdlet : JobCmdlet
{
    /// <summary>TargetFromSource (default): the target is made equal to the source. SourceFromTarget: the other way.</summary>
    [Parameter]
    [ValidateSet("TargetFromSource", "SourceFromTarget", IgnoreCase = true)]
    public string Direction { get; set; } = nameof(RepairDirection.TargetFromSource);

    /// <summary>Statements per transaction.</summary>
    [Parameter]
    [ValidateRange(1, 100_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>User name and password for connections whose secret was never stored.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Replaces the stored source endpoint (same provider and table).</summary>
    [Parameter]
    public Endpoint? Source { get; set; }

    /// <summary>Replaces the stored target endpoint (same provider and table).</summary>
    [Parameter]
    public Endpoint? Target { get; set; }

    internal RepairDirection RepairDirection => Enum.Parse<RepairDirection>(Direction, ignoreCase: true);

    internal ResumeEndpoints Endpoints => new()
    {
        Source = Source is null ? null : PipelineObjects.ToSpec(Source),
        Target = Target is null ? null : PipelineObjects.ToSpec(Target),
        UserName = Credential?.UserName,
        Password = Credential?.GetNetworkCredential().Password,
    };
}
