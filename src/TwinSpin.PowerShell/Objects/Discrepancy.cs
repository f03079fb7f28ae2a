using System.Collections.Specialized;
using TwinSpin.Engine.Views;

namespace TwinSpin;

/// <summary>A row that is missing on one side or differs (TwinSpin.Discrepancy).</summary>
public sealed class Discrepancy
{
    public long? JobId { get; init; }

    public long? PartitionId { get; init; }

    /// <summary>MissingInTarget, MissingInSource, ValueMismatch or DuplicateKey.</summary>
    public string Type { get; init; } = string.Empty;

    /// <summary>Key column -> value, in key order.</summary>
    public DiscrepancyKey Key { get; init; } = new();

    /// <summary>The differing fields (empty for missing rows).</summary>
    public FieldDifferenceList Fields { get; init; } = new();

    /// <summary>Names of the differing columns, comma-separated (handy for Group-Object and Export-Csv).</summary>
    public string Columns => string.Join(",", Fields.Select(f => f.Column));

    /// <summary>For DuplicateKey: the side holding the duplicates and how many rows share the key.</summary>
    public string? DuplicateSide { get; init; }

    public int? DuplicateCount { get; init; }

    /// <summary>When a recheck found the row no longer differing (a row in flight, Start-TwinSpinJob -Recheck); null for a
    /// discrepancy that stands. Only Get-TwinSpinDiscrepancy -IncludeResolved returns resolved ones.</summary>
    public DateTime? ResolvedAt { get; init; }

    /// <summary>The job store this discrepancy was read from (null from Compare-TwinSpinRange); binds -Store of the other cmdlets.</summary>
    public string? Store { get; init; }

    public override string ToString() => $"{Type} {Key}";
}

/// <summary>The key of a discrepancy: an ordered dictionary that prints as "id=5, region='EU'".</summary>
public sealed class DiscrepancyKey : OrderedDictionary
{
    public override string ToString() => string.Join(", ", this.Cast<System.Collections.DictionaryEntry>()
        .Select(e => $"{e.Key}={ValueText.Display(e.Value)}"));
}

/// <summary>One differing field.</summary>
public sealed class FieldDifference
{
    public string Column { get; init; } = string.Empty;

    public object? SourceValue { get; init; }

    public object? TargetValue { get; init; }

    public override string ToString() => $"{Column}: {ValueText.Display(SourceValue)} -> {ValueText.Display(TargetValue)}";
}

/// <summary>The differing fields; prints as "name: 'a' -> 'b'; qty: 1 -> 2".</summary>
public sealed class FieldDifferenceList : List<FieldDifference>
{
    public override string ToString() => string.Join("; ", this);
}
