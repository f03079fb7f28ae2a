namespace TwinSpin;

/// <summary>
/// What Test-TwinSpinEndpoint found (TwinSpin.EndpointTest): one property per check, and every failed check
/// as a sentence in <see cref="Problems"/>. A check that could not run (no connection, no table) is $null.
/// </summary>
public sealed class EndpointTest
{
    public Endpoint Endpoint { get; init; } = null!;

    /// <summary>No problem found: connected, table and columns present, keys unique and not NULL, hash contract not failed.</summary>
    public bool Passed => Problems.Length == 0;

    public bool Connected { get; init; }

    public bool TableFound { get; init; }

    /// <summary>The table as the database spells it.</summary>
    public string? Table { get; init; }

    /// <summary>Every column of the table.</summary>
    public string[] Columns { get; init; } = [];

    public string[] KeyColumns { get; init; } = [];

    /// <summary>The columns a job would compare besides the key.</summary>
    public string[] ComparedColumns { get; init; } = [];

    /// <summary>No two sampled rows share a key (or a primary key or unique index proves it).</summary>
    public bool? KeyUnique { get; init; }

    /// <summary>A primary key or unique index on exactly the key columns proves them unique.</summary>
    public bool KeyUniqueDeclared { get; init; }

    public long? NullKeys { get; init; }

    /// <summary>Passed, Failed, NotSupported (no hash in SQL here: jobs fetch rows), or NotChecked.</summary>
    public string HashContract { get; init; } = "NotChecked";

    /// <summary>The columns whose SQL hash differs from the engine's, with the evidence.</summary>
    public HashMismatch[] HashMismatches { get; init; } = [];

    /// <summary>Columns NULL on every sampled row: the sample says nothing about their hash.</summary>
    public string[] UnverifiedColumns { get; init; } = [];

    public int SampledRows { get; init; }

    /// <summary>Rows the database's statistics count ($null without statistics).</summary>
    public long? RowEstimate { get; init; }

    public TimeSpan Duration { get; init; }

    public string[] Problems { get; init; } = [];

    public override string ToString() => $"{Endpoint}: {(Passed ? "passed" : $"{Problems.Length} problem(s)")}";
}

/// <summary>A column whose hash computed in the database differs from the engine's (TwinSpin.HashMismatch),
/// shown on the first sampled row where it does. Column is "(row)" when only the whole row's hash differs.</summary>
public sealed class HashMismatch
{
    public string Column { get; init; } = string.Empty;

    public string? Type { get; init; }

    /// <summary>The sampled row's key, as column=value pairs.</summary>
    public string Key { get; init; } = string.Empty;

    /// <summary>How many sampled rows show the difference.</summary>
    public int Rows { get; init; }

    /// <summary>The canonical text the database built ($null where it computes only the hash, as SQLite does).</summary>
    public string? SqlText { get; init; }

    public string EngineText { get; init; } = string.Empty;

    public override string ToString() => $"{Column} at {Key}";
}
