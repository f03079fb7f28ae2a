using System.Globalization;
using TwinSpin.Engine.Diffing;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// The independent truth: a dictionary join of the generated rows, comparing values with .NET
/// equality (floats at 15 significant digits, as the contract states). One string per discrepancy:
/// "Type key [columns]".
/// </summary>
public static class NaiveDiff
{
    public static SortedSet<string> Expected(RandomTablePair pair)
    {
        var keyCount = pair.KeyColumns.Length;
        var source = pair.Source.ToDictionary(r => RandomTablePair.KeyText(r.Take(keyCount)));
        var target = pair.Target.ToDictionary(r => RandomTablePair.KeyText(r.Take(keyCount)));
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, row) in source)
        {
            if (!target.TryGetValue(key, out var other))
            {
                result.Add($"{DiscrepancyType.MissingInTarget} {key} []");
                continue;
            }

            var differing = pair.Columns.Where((c, i) => !Same(row[keyCount + i], other[keyCount + i])).Select(c => c.Name).ToList();
            if (differing.Count > 0)
            {
                result.Add($"{DiscrepancyType.ValueMismatch} {key} [{string.Join(",", differing)}]");
            }
        }

        foreach (var key in target.Keys.Where(k => !source.ContainsKey(k)))
        {
            result.Add($"{DiscrepancyType.MissingInSource} {key} []");
        }

        return result;
    }

    public static SortedSet<string> Actual(IEnumerable<Discrepancy> found) => new(
        found.Select(d => $"{d.Type} {RandomTablePair.KeyText(d.Key.Select(k => k.Value))} [{string.Join(",", d.Fields.Select(f => f.Column))}]"),
        StringComparer.Ordinal);

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (double x, double y) => Round15(x) == Round15(y),
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        _ => a.Equals(b),
    };

    private static string Round15(double d) => (d == 0 ? 0 : d).ToString("E14", CultureInfo.InvariantCulture);
}
