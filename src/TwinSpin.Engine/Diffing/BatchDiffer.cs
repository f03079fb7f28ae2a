using System.Buffers;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Diffing;

/// <summary>
/// Diffs the rows of one key range held in two Arrow batches: orders both by key in the engine
/// (ordinal comparison, never a database collation), merges them, compares matched rows' stored values
/// column by column (<see cref="StoredValueComparer"/>), and lists field differences, under the columns'
/// rules, only for rows whose stored values differ.
/// </summary>
public static class BatchDiffer
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<Discrepancy> Diff(RecordBatch source, RecordBatch target, ComparePlan plan)
    {
        var keyCount = plan.KeyCount;
        // Pooled: a leaf's arrays are large, and new ones per leaf would each go through the large object heap.
        var sourceOrder = SortByKey(source, keyCount);
        var targetOrder = SortByKey(target, keyCount);
        var sourceRows = ArrayPool<int>.Shared.Rent(Math.Min(source.Length, target.Length));
        var targetRows = ArrayPool<int>.Shared.Rent(sourceRows.Length);
        try
        {
            // The merge: keys on one side only or repeated are discrepancies at once, kept with the number of
            // matched pairs before them so the result stays in key order; matched pairs are compared afterwards.
            var early = new List<(int PairsBefore, Discrepancy Discrepancy)>();
            var pairs = 0;
            int i = 0, j = 0;
            while (i < source.Length || j < target.Length)
            {
                int order = i >= source.Length ? 1
                    : j >= target.Length ? -1
                    : CompareKeys(source, sourceOrder[i], target, targetOrder[j], keyCount);

                var sourceGroup = order <= 0 ? GroupLength(source, sourceOrder, i, keyCount) : 0;
                var targetGroup = order >= 0 ? GroupLength(target, targetOrder, j, keyCount) : 0;

                if (sourceGroup > 1 || targetGroup > 1)
                {
                    if (sourceGroup > 1)
                    {
                        early.Add((pairs, Duplicate(source, sourceOrder[i], plan, Side.Source, sourceGroup)));
                    }

                    if (targetGroup > 1)
                    {
                        early.Add((pairs, Duplicate(target, targetOrder[j], plan, Side.Target, targetGroup)));
                    }
                }
                else if (order < 0)
                {
                    early.Add((pairs, new Discrepancy(DiscrepancyType.MissingInTarget, KeyOf(source, sourceOrder[i], plan), [])));
                }
                else if (order > 0)
                {
                    early.Add((pairs, new Discrepancy(DiscrepancyType.MissingInSource, KeyOf(target, targetOrder[j], plan), [])));
                }
                else
                {
                    sourceRows[pairs] = sourceOrder[i];
                    targetRows[pairs] = targetOrder[j];
                    pairs++;
                }

                i += sourceGroup;
                j += targetGroup;
            }

            var differs = StoredValueComparer.DifferingPairs(source, target, sourceRows.AsSpan(0, pairs), targetRows.AsSpan(0, pairs), keyCount);
            var result = new List<Discrepancy>();
            var next = 0;
            for (var pair = 0; pair <= pairs; pair++)
            {
                for (; next < early.Count && early[next].PairsBefore == pair; next++)
                {
                    result.Add(early[next].Discrepancy);
                }

                if (pair < pairs && differs[pair])
                {
                    // Stored values differ; under the columns' rules they may still be equal.
                    var fields = FieldDifferences(source, sourceRows[pair], target, targetRows[pair], plan);
                    if (fields.Count > 0)
                    {
                        result.Add(new Discrepancy(DiscrepancyType.ValueMismatch, KeyOf(source, sourceRows[pair], plan), fields));
                    }
                }
            }

            return result;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(sourceRows);
            ArrayPool<int>.Shared.Return(targetRows);
            ArrayPool<int>.Shared.Return(sourceOrder);
            ArrayPool<int>.Shared.Return(targetOrder);
        }
    }

    /// <summary>Row numbers in key order, in a pooled array (its first <see cref="RecordBatch.Length"/> items).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] SortByKey(RecordBatch batch, int keyCount)
    {
        var order = ArrayPool<int>.Shared.Rent(batch.Length);
        for (var row = 0; row < batch.Length; row++)
        {
            order[row] = row;
        }

        // Range scans mostly return rows in key order already: checking costs one comparison per row.
        var sorted = true;
        for (var row = 1; row < batch.Length && sorted; row++)
        {
            sorted = CompareKeys(batch, row - 1, batch, row, keyCount) <= 0;
        }

        if (!sorted)
        {
            System.Array.Sort(order, 0, batch.Length, Comparer<int>.Create((a, b) => CompareKeys(batch, a, batch, b, keyCount)));
        }

        return order;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int GroupLength(RecordBatch batch, int[] order, int start, int keyCount)
    {
        var end = start + 1;
        while (end < batch.Length && CompareKeys(batch, order[start], batch, order[end], keyCount) == 0)
        {
            end++;
        }

        return end - start;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CompareKeys(RecordBatch left, int leftRow, RecordBatch right, int rightRow, int keyCount)
    {
        for (var k = 0; k < keyCount; k++)
        {
            var c = ArrowValues.CompareKey(left.Column(k), leftRow, right.Column(k), rightRow);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<FieldDifference> FieldDifferences(RecordBatch source, int sourceRow, RecordBatch target, int targetRow, ComparePlan plan)
    {
        var fields = new List<FieldDifference>();
        for (var c = plan.KeyCount; c < plan.AllColumns.Count; c++)
        {
            var column = plan.AllColumns[c];
            if (!ArrowValues.ValueEquals(source.Column(c), sourceRow, target.Column(c), targetRow, column.Rules))
            {
                fields.Add(new FieldDifference(column.Name, column.Type,
                    ArrowValues.ToDisplay(source.Column(c), sourceRow, column.Type),
                    ArrowValues.ToDisplay(target.Column(c), targetRow, column.Type)));
            }
        }

        return fields;
    }

    private static IReadOnlyList<KeyPart> KeyOf(RecordBatch batch, int row, ComparePlan plan) =>
        plan.KeyColumns.Select((column, k) => new KeyPart(column.Name, column.Type, ArrowValues.ToDisplay(batch.Column(k), row, column.Type))).ToList();

    private static Discrepancy Duplicate(RecordBatch batch, int row, ComparePlan plan, Side side, int count) =>
        new(DiscrepancyType.DuplicateKey, KeyOf(batch, row, plan), []) { DuplicateSide = side, DuplicateCount = count };
}
