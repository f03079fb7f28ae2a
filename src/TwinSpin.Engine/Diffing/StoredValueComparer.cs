using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;

namespace TwinSpin.Engine.Diffing;

/// <summary>
/// Marks the matched row pairs of a leaf whose compared values differ as stored, bit for bit. It goes
/// column by column over the Arrow buffers, so each column's type is looked at once rather than for every
/// value (a row hash looked at it for every value, and was the largest cost of a leaf diff). Pairs it marks
/// are then compared under the columns' rules (<see cref="Batches.ArrowValues.ValueEquals"/>), which may
/// still find them equal: floats equal at 15 digits, values within a tolerance.
/// </summary>
internal static class StoredValueComparer
{
    /// <summary>For each pair (<paramref name="sourceRows"/>[p], <paramref name="targetRows"/>[p]), whether any column
    /// from <paramref name="firstColumn"/> on differs.</summary>
    public static bool[] DifferingPairs(RecordBatch source, RecordBatch target, ReadOnlySpan<int> sourceRows, ReadOnlySpan<int> targetRows, int firstColumn)
    {
        var differs = new bool[sourceRows.Length];
        for (var c = firstColumn; c < source.ColumnCount; c++)
        {
            MarkColumn(source.Column(c), target.Column(c), sourceRows, targetRows, differs);
        }

        return differs;
    }

    private static void MarkColumn(IArrowArray left, IArrowArray right, ReadOnlySpan<int> leftRows, ReadOnlySpan<int> rightRows, bool[] differs)
    {
        switch (left, right)
        {
            case (Int64Array a, Int64Array b): MarkFixed(a.Values, b.Values, a, b, leftRows, rightRows, differs); break;
            case (TimestampArray a, TimestampArray b): MarkFixed(a.Values, b.Values, a, b, leftRows, rightRows, differs); break;
            case (Date32Array a, Date32Array b): MarkFixed(a.Values, b.Values, a, b, leftRows, rightRows, differs); break;
            // Bits, not ==: NaN equals NaN and -0 differs from 0 here, as stored; the rules decide afterwards.
            case (DoubleArray a, DoubleArray b):
                MarkFixed(MemoryMarshal.Cast<double, long>(a.Values), MemoryMarshal.Cast<double, long>(b.Values), a, b, leftRows, rightRows, differs);
                break;
            case (BinaryArray a, BinaryArray b): MarkVariable(a, b, leftRows, rightRows, differs); break; // StringArray too
            default: MarkOneByOne(left, right, leftRows, rightRows, differs); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MarkFixed<T>(ReadOnlySpan<T> left, ReadOnlySpan<T> right, IArrowArray leftArray, IArrowArray rightArray,
        ReadOnlySpan<int> leftRows, ReadOnlySpan<int> rightRows, bool[] differs)
        where T : unmanaged, IEquatable<T>
    {
        var nulls = leftArray.NullCount > 0 || rightArray.NullCount > 0;
        for (var p = 0; p < differs.Length; p++)
        {
            int i = leftRows[p], j = rightRows[p];
            if (nulls && NullsDecide(leftArray, i, rightArray, j, out var nullsDiffer))
            {
                differs[p] |= nullsDiffer;
            }
            else if (!left[i].Equals(right[j]))
            {
                differs[p] = true;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MarkVariable(BinaryArray left, BinaryArray right, ReadOnlySpan<int> leftRows, ReadOnlySpan<int> rightRows, bool[] differs)
    {
        var nulls = left.NullCount > 0 || right.NullCount > 0;
        ReadOnlySpan<int> leftOffsets = left.ValueOffsets, rightOffsets = right.ValueOffsets;
        ReadOnlySpan<byte> leftBytes = left.Values, rightBytes = right.Values;
        for (var p = 0; p < differs.Length; p++)
        {
            int i = leftRows[p], j = rightRows[p];
            if (nulls && NullsDecide(left, i, right, j, out var nullsDiffer))
            {
                differs[p] |= nullsDiffer;
            }
            else if (!leftBytes[leftOffsets[i]..leftOffsets[i + 1]].SequenceEqual(rightBytes[rightOffsets[j]..rightOffsets[j + 1]]))
            {
                differs[p] = true;
            }
        }
    }

    /// <summary>Types without a buffer to compare directly (booleans): value by value.</summary>
    private static void MarkOneByOne(IArrowArray left, IArrowArray right, ReadOnlySpan<int> leftRows, ReadOnlySpan<int> rightRows, bool[] differs)
    {
        for (var p = 0; p < differs.Length; p++)
        {
            int i = leftRows[p], j = rightRows[p];
            if (NullsDecide(left, i, right, j, out var nullsDiffer))
            {
                differs[p] |= nullsDiffer;
            }
            else if (Batches.ArrowValues.CompareKey(left, i, right, j) != 0)
            {
                differs[p] = true;
            }
        }
    }

    /// <summary>True when either value is NULL; then <paramref name="differ"/> says whether only one is.</summary>
    private static bool NullsDecide(IArrowArray left, int i, IArrowArray right, int j, out bool differ)
    {
        bool leftNull = left.IsNull(i), rightNull = right.IsNull(j);
        differ = leftNull != rightNull;
        return leftNull || rightNull;
    }
}
