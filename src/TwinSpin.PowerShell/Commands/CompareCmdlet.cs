using System.Management.Automation;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>The tuning parameters shared by Start-TwinSpinJob and Compare-TwinSpinRange.</summary>
public abstract class CompareCmdlet : Hosting.TwinSpinCmdlet
{
    /// <summary>Key columns in key order. Default: the source table's primary key.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("KeyColumns")]
    [ArgumentCompleter(typeof(ColumnCompleter))]
    public string[]? KeyColumn { get; set; }

    /// <summary>Only these columns are compared. Default: every non-key column present on both sides.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ColumnCompleter))]
    public string[]? Column { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ColumnCompleter))]
    public string[]? ExcludeColumn { get; set; }

    /// <summary>A SQL condition applied on both sides.</summary>
    [Parameter]
    public string? Where { get; set; }

    [Parameter]
    public Strategy Strategy { get; set; } = Strategy.Checksum;

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int PartitionRowThreshold { get; set; } = Engine.Runner.JobOptions.DefaultPartitionRowThreshold;

    [Parameter]
    [ValidateRange(0, 64)]
    public int MaxDepth { get; set; } = Engine.Runner.JobOptions.DefaultMaxDepth;

    [Parameter]
    [ValidateRange(2, 1024)]
    public int FanOut { get; set; } = Engine.Runner.JobOptions.DefaultFanOut;

    /// <summary>Connections per side. Default: the processor count, at most 4.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int Parallelism { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    internal Engine.Runner.CompareRequest BuildRequest(Endpoint source, Endpoint target) =>
        new(Hosting.PipelineObjects.ToSpec(source), Hosting.PipelineObjects.ToSpec(target))
        {
            KeyColumns = KeyColumn ?? [],
            Columns = Column ?? [],
            ExcludeColumns = ExcludeColumn ?? [],
            Where = Where,
            Options = new Engine.Runner.JobOptions
            {
                Strategy = Strategy == Strategy.Rows ? Engine.Runner.CompareStrategy.Rows : Engine.Runner.CompareStrategy.Checksum,
                PartitionRowThreshold = PartitionRowThreshold,
                MaxDepth = MaxDepth,
                FanOut = FanOut,
                Parallelism = Parallelism,
            },
        };
}
