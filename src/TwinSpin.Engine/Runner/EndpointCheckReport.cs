using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Runner;

/// <summary>What Test-TwinSpinEndpoint checks: an endpoint, the key and columns a job would use, and how many rows to sample.</summary>
public sealed record EndpointCheckRequest(EndpointSpec Endpoint)
{
    /// <summary>Key columns in key order; empty means the table's primary key.</summary>
    public IReadOnlyList<string> KeyColumns { get; init; } = [];

    /// <summary>Columns to check; empty means every non-key column.</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    public IReadOnlyList<string> ExcludeColumns { get; init; } = [];

    public int SampleRows { get; init; } = 100;
}

/// <summary>
/// The checks a job makes before it trusts an endpoint, each as a result rather than an exception: a DBA
/// runs them before a long job and reads every problem at once. A check that could not run (no connection,
/// no table) leaves its result null.
/// </summary>
public sealed class EndpointCheckReport(EndpointSpec endpoint)
{
    private readonly List<string> _problems = [];

    public EndpointSpec Endpoint { get; } = endpoint;

    public bool Connected { get; internal set; }

    public bool TableFound { get; internal set; }

    /// <summary>The table as the database spells it (schema-qualified where the catalog says so).</summary>
    public string? Table { get; internal set; }

    /// <summary>Every column of the table, as the database describes it.</summary>
    public IReadOnlyList<ColumnInfo> Columns { get; internal set; } = [];

    /// <summary>Key columns then compared columns, as a job would list them; null when they cannot be planned.</summary>
    public ComparePlan? Plan { get; internal set; }

    /// <summary>True when no two sampled rows share a key (or a primary key or unique index proves it); null when not checked.</summary>
    public bool? KeyUnique { get; internal set; }

    /// <summary>A primary key or unique index on exactly the key columns proves them unique.</summary>
    public bool KeyUniqueDeclared { get; internal set; }

    /// <summary>Rows with a NULL in a key column (0 without a query when the columns are NOT NULL); null when not checked.</summary>
    public long? NullKeys { get; internal set; }

    /// <summary>Rows read for the key and hash checks.</summary>
    public int SampledRows { get; internal set; }

    /// <summary>The hash contract self-check on the sample; null when it could not run.</summary>
    public ContractCheckResult? HashContract { get; internal set; }

    /// <summary>Rows the database's statistics count; null when it keeps none.</summary>
    public long? RowEstimate { get; internal set; }

    public TimeSpan Duration { get; internal set; }

    /// <summary>One sentence per failed check, in the order the checks ran.</summary>
    public IReadOnlyList<string> Problems => _problems;

    internal void AddProblem(string problem) => _problems.Add(problem);
}
