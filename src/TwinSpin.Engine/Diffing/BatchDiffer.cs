using System.IO.Hashing;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Diffing;

/// <summary>
/// Diffs the rows of one key range held in two Arrow batches: orders both by key in the engine
/// (ordinal comparison, never a database collation), merges them, compares rows by a hash of their
/// Arrow values, and lists field differences only for rows whose hashes differ.
/// </summary>
public static class BatchDiffer
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<Discrepancy> Diff(RecordBatch source, RecordBatch target, ComparePlan plan)
    {
        var keyCount = plan.KeyCount;
        var sourceOrder = SortByKey(source, keyCount);
        var targetOrder = SortByKey(target, keyCount);
        var sourceHashes = RowHashes(source, keyCount);
        var targetHashes = RowHashes(target, keyCount);
        var result = new List<Discrepancy>();

        int i = 0, j = 0;
        while (i < sourceOrder.Length || j < targetOrder.Length)
        {
            int order = i >= sourceOrder.Length ? 1
                : j >= targetOrder.Length ? -1
                : CompareKeys(source, sourceOrder[i], target, targetOrder[j], keyCount);

            var sourceGroup = order <= 0 ? GroupLength(source, sourceOrder, i, keyCount) : 0;
            var targetGroup = order >= 0 ? GroupLength(target, targetOrder, j, keyCount) : 0;

            if (sourceGroup > 1 || targetGroup > 1)
            {
                if (sourceGroup > 1)
                {
                    result.Add(Duplicate(source, sourceOrder[i], plan, Side.Source, sourceGroup));
                }

                if (targetGroup > 1)
                {
                    result.Add(Duplicate(target, targetOrder[j], plan, Side.Target, targetGroup));
                }
            }
            else if (order < 0)
            {
                result.Add(new Discrepancy(DiscrepancyType.MissingInTarget, KeyOf(source, sourceOrder[i], plan), []));
            }
            else if (order > 0)
            {
                result.Add(new Discrepancy(DiscrepancyType.MissingInSource, KeyOf(target, targetOrder[j], plan), []));
            }
            else if (sourceHashes[sourceOrder[i]] != targetHashes[targetOrder[j]])
            {
                var fields = FieldDifferences(source, sourceOrder[i], target, targetOrder[j], plan);
                if (fields.Count > 0)
                {
                    result.Add(new Discrepancy(DiscrepancyType.ValueMismatch, KeyOf(source, sourceOrder[i], plan), fields));
                }
            }

            i += sourceGroup;
            j += targetGroup;
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] SortByKey(RecordBatch batch, int keyCount)
    {
        var order = Enumerable.Range(0, batch.Length).ToArray();
        // Range scans mostly return rows in key order already: checking costs one comparison per row.
        var sorted = true;
        for (var row = 1; row < order.Length && sorted; row++)
        {
            sorted = CompareKeys(batch, row - 1, batch, row, keyCount) <= 0;
        }

        if (!sorted)
        {
            System.Array.Sort(order, (a, b) => CompareKeys(batch, a, batch, b, keyCount));
        }

        return order;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int GroupLength(RecordBatch batch, int[] order, int start, int keyCount)
    {
        var end = start + 1;
        while (end < order.Length && CompareKeys(batch, order[start], batch, order[end], keyCount) == 0)
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

    /// <summary>XxHash3 over the compared (non-key) columns of every row, each row's input written into one buffer
    /// and hashed at once (a hash fed value by value costs more per value than the value's bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong[] RowHashes(RecordBatch batch, int keyCount)
    {
        var hashes = new ulong[batch.Length];
        var columns = Enumerable.Range(keyCount, batch.ColumnCount - keyCount).Select(batch.Column).ToArray();
        var buffer = new byte[1024];
        for (var row = 0; row < batch.Length; row++)
        {
            var length = 0;
            for (var c = 0; c < columns.Length; c++)
            {
                var written = ArrowValues.WriteHashInput(columns[c], row, buffer.AsSpan(length));
                if (written < 0)
                {
                    System.Array.Resize(ref buffer, buffer.Length * 2); // a long value: grow and write this column again
                    c--;
                    continue;
                }

                length += written;
            }

            hashes[row] = XxHash3.HashToUInt64(buffer.AsSpan(0, length));
        }

        return hashes;
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
