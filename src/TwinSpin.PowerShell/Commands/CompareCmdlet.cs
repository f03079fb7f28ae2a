using System.Management.Automation;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>The parameters shared by every cmdlet that compares a pair (Start-TwinSpinJob, Compare-TwinSpinRange,
/// Test-TwinSpinSample): which key, which columns, their comparison rules and the row filter.</summary>
public abstract class ColumnSelectionCmdlet : Hosting.TwinSpinCmdlet
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

    /// <summary>Columns named differently on the two sides: @{ source_name = 'target_name' }.</summary>
    [Parameter]
    public System.Collections.Hashtable? ColumnMap { get; set; }

    /// <summary>Text columns compared without regard to ASCII letter case.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ColumnCompleter))]
    public string[]? IgnoreCaseColumn { get; set; }

    /// <summary>Text columns compared without leading and trailing spaces.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ColumnCompleter))]
    public string[]? TrimColumn { get; set; }

    /// <summary>An empty string equals NULL in every text column (Oracle stores '' as NULL).</summary>
    [Parameter]
    public SwitchParameter EmptyStringAsNull { get; set; }

    /// <summary>Numeric columns equal within a tolerance: @{ price = 0.01 }.</summary>
    [Parameter]
    public System.Collections.Hashtable? Tolerance { get; set; }

    /// <summary>The pair with its key, columns, rules and filter: what every comparing cmdlet takes alike.</summary>
    internal Engine.Runner.CompareRequest BuildColumnRequest(Endpoint source, Endpoint target) =>
        new(Hosting.PipelineObjects.ToSpec(source), Hosting.PipelineObjects.ToSpec(target))
        {
            KeyColumns = KeyColumn ?? [],
            Columns = Column ?? [],
            ExcludeColumns = ExcludeColumn ?? [],
            Where = Where,
            ColumnMap = ToDictionary(ColumnMap, v => v?.ToString() ?? string.Empty),
            IgnoreCaseColumns = IgnoreCaseColumn ?? [],
            TrimColumns = TrimColumn ?? [],
            EmptyStringAsNull = EmptyStringAsNull,
            Tolerances = ToDictionary(Tolerance, ToleranceValue),
        };

    private static Dictionary<string, T> ToDictionary<T>(System.Collections.Hashtable? table, Func<string, object?, T> convert)
    {
        var result = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry entry in table ?? [])
        {
            var key = entry.Key.ToString()!;
            result[key] = convert(key, entry.Value);
        }

        return result;
    }

    private static Dictionary<string, T> ToDictionary<T>(System.Collections.Hashtable? table, Func<object?, T> convert) =>
        ToDictionary(table, (_, value) => convert(value));

    /// <summary>A tolerance that is not a number names its column, instead of failing as an unexplained format error.</summary>
    private static decimal ToleranceValue(string column, object? value)
    {
        var raw = value is PSObject ps ? ps.BaseObject : value;
        try
        {
            return System.Convert.ToDecimal(raw, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw new Engine.TwinSpinException(Engine.ErrorCode.InvalidArgument,
                $"-Tolerance for column '{column}' must be a number greater than zero, for example @{{ {column} = 0.01 }}; '{raw}' is not.") { Target = column };
        }
    }
}

/// <summary>The tuning parameters shared by Start-TwinSpinJob and Compare-TwinSpinRange.</summary>
public abstract class CompareCmdlet : ColumnSelectionCmdlet
{
    [Parameter]
    public Strategy Strategy { get; set; } = Strategy.Checksum;

    /// <summary>How key ranges are cut: Auto (default), Range or Hash.</summary>
    [Parameter]
    public KeyPartitioning KeyPartitioning { get; set; } = KeyPartitioning.Auto;

    /// <summary>Leaf size. Default: chosen by the run from the measured fetch latency and rate.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int PartitionRowThreshold { get; set; }

    [Parameter]
    [ValidateRange(0, 64)]
    public int MaxDepth { get; set; } = Engine.Runner.JobOptions.DefaultMaxDepth;

    /// <summary>Children per split. Default: about three quarters of a leaf per child, up to 16,384 (integer keys) or 1,024.</summary>
    [Parameter]
    [ValidateRange(2, 4096)]
    public int FanOut { get; set; }

    /// <summary>Checksum with the portable hash contract even when both sides are the same engine.</summary>
    [Parameter]
    public SwitchParameter PortableHash { get; set; }

    /// <summary>Connections per side. Default: the processor count, at most 4.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int Parallelism { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Retries of a range query or fetch that failed with a transient error, each on a fresh connection. Default: 5.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public int RetryCount { get; set; } = 5;

    /// <summary>No retry starts later than this after a query's first failure. Default: 2 minutes.</summary>
    [Parameter]
    public TimeSpan RetryTimeout { get; set; } = TimeSpan.FromMinutes(2);

    internal Engine.Runner.CompareRequest BuildRequest(Endpoint source, Endpoint target) =>
        BuildColumnRequest(source, target) with
        {
            Options = new Engine.Runner.JobOptions
            {
                Strategy = Strategy == Strategy.Rows ? Engine.Runner.CompareStrategy.Rows : Engine.Runner.CompareStrategy.Checksum,
                PartitionRowThreshold = Bound(nameof(PartitionRowThreshold), PartitionRowThreshold),
                MaxDepth = MaxDepth,
                FanOut = Bound(nameof(FanOut), FanOut),
                Parallelism = Parallelism,
                KeyPartitioning = Enum.Parse<Engine.Runner.KeyPartitioning>(KeyPartitioning.ToString()),
                PortableHash = PortableHash.IsPresent,
                RetryCount = RetryCount,
                RetryTimeout = RetryTimeout,
            },
        };

    /// <summary>The value when the parameter was given, else null (the engine then chooses).</summary>
    private protected int? Bound(string parameter, int value) => MyInvocation.BoundParameters.ContainsKey(parameter) ? value : null;
}
