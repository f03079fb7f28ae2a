namespace TwinSpin.Engine.Partitioning;

/// <summary>
/// A bound on the key tuple: a prefix of the key columns (one value for a split on the first column,
/// all key columns for a split point sampled from the data). Values are as the database returned them.
/// </summary>
public sealed record KeyBound(IReadOnlyList<object> Values)
{
    public override string ToString() => Values.Count == 1 ? Format(Values[0]) : "(" + string.Join(", ", Values.Select(Format)) + ")";

    private static string Format(object value) => value switch
    {
        string s => "'" + s + "'",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}

/// <summary>A half-open key range: Lower inclusive, Upper exclusive; null means unbounded.</summary>
public sealed record KeyRange(KeyBound? Lower, KeyBound? Upper)
{
    public static KeyRange All { get; } = new(null, null);

    public override string ToString() => $"[{Lower?.ToString() ?? "-inf"}, {Upper?.ToString() ?? "+inf"})";
}

/// <summary>How the next split of a range picks its boundaries.</summary>
public enum SplitMode
{
    /// <summary>Equal-width steps of the first key column between the range's min and max.</summary>
    ByValue,
    /// <summary>Quantiles of the keys, read from the side with more rows.</summary>
    ByQuantile,
}
