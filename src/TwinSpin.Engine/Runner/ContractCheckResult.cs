using System.Globalization;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Runner;

public enum ContractVerdict
{
    /// <summary>On every sampled row, the database's hashes equal the engine's, column by column and for the row.</summary>
    Passed,
    /// <summary>At least one column (or the row as a whole) hashes differently in the database.</summary>
    Failed,
    /// <summary>This connection cannot compute the contract's hash in SQL; rows are fetched instead.</summary>
    NotSupported,
}

/// <summary>
/// A column whose hash computed in the database differs from the engine's hash of the same fetched value,
/// shown on the first sampled row where it does. <see cref="Column"/> is null when every column agreed
/// but the whole row's hash did not (the row text is assembled differently).
/// </summary>
public sealed record ContractDisagreement(string? Column, LogicalType? Type, IReadOnlyList<KeyPart> Key, int Rows,
    string? SqlText, string EngineText, ulong SqlHash, ulong EngineHash)
{
    /// <summary>"amount (Decimal)", or "the row" for a whole-row disagreement.</summary>
    public string What => Column is null ? "the row" : $"{Column} ({Type})";

    public string KeyText => string.Join(", ", Key.Select(k => $"{k.Column}={Display(k.Value)}"));

    /// <summary>One line for a warning or a report: where, and both canonical texts (the database's when it builds one in SQL).</summary>
    public string Describe()
    {
        var sql = SqlText is null ? $"hash {SqlHash:x16}" : $"'{SqlText}'";
        return $"{What} at {KeyText} ({Rows} sampled row(s) differ): the database's canonical text {sql}, the engine's '{EngineText}'";
    }

    private static string Display(object? value) => value switch
    {
        null => "NULL",
        string s => $"'{s}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}

/// <summary>The hash contract self-check of one side: what was sampled and which columns disagree.</summary>
public sealed record ContractCheckResult(Side Side, string Dialect, ContractVerdict Verdict, int RowsChecked,
    IReadOnlyList<ContractDisagreement> Disagreements)
{
    /// <summary>Compared columns that were NULL on every sampled row: the sample says nothing about their hashes.</summary>
    public IReadOnlyList<string> ColumnsWithoutValues { get; init; } = [];

    /// <summary>The columns that disagree ("the row" included when the row text as a whole does).</summary>
    public IReadOnlyList<string> FailingColumns => Disagreements.Select(d => d.Column ?? "(row)").ToList();

    public string SideName => Side.ToString().ToLowerInvariant();

    public string Describe() => Verdict switch
    {
        ContractVerdict.Passed => $"The {SideName} ({Dialect}) computes the hash contract like the engine on {RowsChecked} sampled row(s).",
        ContractVerdict.NotSupported => $"The {SideName} ({Dialect}) cannot compute the hash contract in SQL.",
        _ => $"On the {SideName} ({Dialect}), {string.Join("; ", Disagreements.Select(d => d.Describe()))}.",
    };
}
