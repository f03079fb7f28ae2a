using System.Globalization;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Views;

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

    public string KeyText => string.Join(", ", Key.Select(k => $"{k.Column}={ValueText.Display(k.Value)}"));

    /// <summary>Characters of each canonical text kept around where they differ; a long value is elided, never written whole.</summary>
    private const int Context = 40;

    /// <summary>One line for a warning or a report: where, and both canonical texts (the database's when it builds one
    /// in SQL), elided around their differences so a 100 KB value does not make a 100 KB warning.</summary>
    public string Describe()
    {
        if (SqlText is null)
        {
            var shown = EngineText.Length <= 4 * Context ? EngineText : EngineText[..(4 * Context)] + ValueDiff.Ellipsis;
            return $"{What} at {KeyText} ({Rows} sampled row(s) differ): the database's canonical text hash {SqlHash:x16}, the engine's '{shown}'";
        }

        var diff = ValueDiff.Characters(SqlText, EngineText, Context);
        var engine = string.Concat(diff.Target.Select(segment => segment.Text));
        var sql = $"'{string.Concat(diff.Source.Select(segment => segment.Text))}'";
        return $"{What} at {KeyText} ({Rows} sampled row(s) differ): the database's canonical text {sql}, the engine's '{engine}'";
    }
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
