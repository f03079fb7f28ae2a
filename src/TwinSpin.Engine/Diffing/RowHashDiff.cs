using System.Collections;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Diffing;

/// <summary>
/// Which keys of a range differ between the sides, told from each row's key and in-database row hash: keys on
/// one side only, keys whose hashes differ, and keys seen twice on a side. Rows whose hashes agree are equal as
/// far as the range checksums can tell (they sum the same hash), so only the differing keys need fetching.
/// </summary>
public static class RowHashDiff
{
    /// <summary>The differing keys, and how many rows each side holds under them: what fetching them by key must bring.</summary>
    public static DifferingRows Differing(IReadOnlyList<RowHash> source, IReadOnlyList<RowHash> target)
    {
        var keys = DifferingKeys(source, target);
        var differing = new HashSet<object[]>(keys, KeyEquality.Instance);
        return new DifferingRows(keys, source.Count(r => differing.Contains(r.Key)), target.Count(r => differing.Contains(r.Key)));
    }

    private static List<object[]> DifferingKeys(IReadOnlyList<RowHash> source, IReadOnlyList<RowHash> target)
    {
        var sourceHashes = new Dictionary<object[], ulong>(source.Count, KeyEquality.Instance);
        // A key seen twice is fetched: the diff of its rows then reports it as a fetched range would.
        var differing = new HashSet<object[]>(KeyEquality.Instance);
        foreach (var row in source)
        {
            if (!sourceHashes.TryAdd(row.Key, row.Hash))
            {
                differing.Add(row.Key);
            }
        }

        var seen = new HashSet<object[]>(target.Count, KeyEquality.Instance);
        foreach (var row in target)
        {
            if (!seen.Add(row.Key) || !sourceHashes.TryGetValue(row.Key, out var hash) || hash != row.Hash)
            {
                differing.Add(row.Key);
            }
        }

        differing.UnionWith(sourceHashes.Keys.Where(key => !seen.Contains(key)));
        return [.. differing];
    }

    /// <summary>Key tuples as the driver gives them, equal value by value (binary keys by content).</summary>
    private sealed class KeyEquality : IEqualityComparer<object[]>
    {
        public static readonly KeyEquality Instance = new();

        public bool Equals(object[]? x, object[]? y) => StructuralComparisons.StructuralEqualityComparer.Equals(x, y);

        public int GetHashCode(object[] key) => StructuralComparisons.StructuralEqualityComparer.GetHashCode(key);
    }
}

/// <param name="Keys">Each differing key once.</param>
/// <param name="SourceRows">Rows of the source under those keys.</param>
/// <param name="TargetRows">Rows of the target under those keys.</param>
public sealed record DifferingRows(IReadOnlyList<object[]> Keys, int SourceRows, int TargetRows);
