using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Hashing;

namespace TwinSpin.Engine.Batches;

/// <summary>Reads single values out of the Arrow arrays the batch reader builds.</summary>
public static class ArrowValues
{
    /// <summary>Appends the value's canonical form (docs/hash-contract.md) to a row writer, compared exactly.</summary>
    public static void AppendCanonical(IArrowArray array, int row, CanonicalRowWriter writer) =>
        AppendCanonical(array, row, ColumnRules.Exact, writer);

    /// <summary>Appends the value's canonical form under the column's rules (text rules were applied when
    /// the batch was read; tolerance and timestamp digits are applied here).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AppendCanonical(IArrowArray array, int row, ColumnRules rules, CanonicalRowWriter writer)
    {
        if (array.IsNull(row))
        {
            writer.AppendNull();
            return;
        }

        if (rules.Tolerance is not null)
        {
            writer.AppendValue(CanonicalForms.ToleranceCell(ToDecimal(array, row), rules));
            return;
        }

        if (array is TimestampArray timestamps)
        {
            writer.AppendValue(CanonicalForms.Timestamp(timestamps.Values[row], rules.TimestampDigits));
            return;
        }

        switch (array)
        {
            case Int64Array a: writer.AppendValue(CanonicalForms.Integer(a.Values[row])); break;
            case DoubleArray a: writer.AppendValue(CanonicalForms.Float(a.Values[row])); break;
            case StringArray a: writer.AppendUtf8Value(a.GetBytes(row)); break;
            case BooleanArray a: writer.AppendValue(CanonicalForms.Boolean(a.GetValue(row)!.Value)); break;
            case Date32Array a: writer.AppendValue(CanonicalForms.Date(a.Values[row])); break;
            case TimestampArray a: writer.AppendValue(CanonicalForms.Timestamp(a.Values[row])); break;
            case BinaryArray a: writer.AppendValue(CanonicalForms.Binary(a.GetBytes(row))); break;
            default: throw new NotSupportedException($"Arrow array {array.GetType().Name} has no canonical form.");
        }
    }

    /// <summary>The value as a plain .NET object for the pipeline and the job store.</summary>
    public static object? ToDisplay(IArrowArray array, int row, LogicalType type)
    {
        if (array.IsNull(row))
        {
            return null;
        }

        return array switch
        {
            Int64Array a => a.Values[row],
            DoubleArray a => FloatValues.Normalize(a.Values[row]),
            StringArray a when type == LogicalType.Decimal =>
                decimal.TryParse(a.GetString(row), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : a.GetString(row),
            StringArray a => a.GetString(row),
            BooleanArray a => a.GetValue(row),
            Date32Array a => DateTime.UnixEpoch.AddDays(a.Values[row]),
            TimestampArray a => new DateTime(DateTime.UnixEpoch.Ticks + a.Values[row] * 10, DateTimeKind.Utc),
            BinaryArray a => CanonicalForms.Binary(a.GetBytes(row)),
            _ => throw new NotSupportedException($"Arrow array {array.GetType().Name} is not displayable."),
        };
    }

    /// <summary>The value exactly as the database gave it, to write it back (repair): decimal text as read, bytes for binary.</summary>
    public static object? ToRaw(IArrowArray array, int row, LogicalType type) => array.IsNull(row) ? null : array switch
    {
        StringArray a => a.GetString(row),
        BinaryArray a => a.GetBytes(row).ToArray(),
        _ => ToDisplay(array, row, type),
    };

    /// <summary>Ordinal comparison of two non-null key values of the same Arrow type: numbers by value,
    /// text by UTF-8 bytes (code point order), never by a database collation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int CompareKey(IArrowArray left, int leftRow, IArrowArray right, int rightRow)
    {
        return (left, right) switch
        {
            (Int64Array a, Int64Array b) => a.Values[leftRow].CompareTo(b.Values[rightRow]),
            (StringArray a, StringArray b) => a.GetBytes(leftRow).SequenceCompareTo(b.GetBytes(rightRow)),
            (DoubleArray a, DoubleArray b) => FloatValues.Normalize(a.Values[leftRow]).CompareTo(FloatValues.Normalize(b.Values[rightRow])),
            (TimestampArray a, TimestampArray b) => a.Values[leftRow].CompareTo(b.Values[rightRow]),
            (Date32Array a, Date32Array b) => a.Values[leftRow].CompareTo(b.Values[rightRow]),
            (BinaryArray a, BinaryArray b) => a.GetBytes(leftRow).SequenceCompareTo(b.GetBytes(rightRow)),
            (BooleanArray a, BooleanArray b) => a.GetValue(leftRow)!.Value.CompareTo(b.GetValue(rightRow)!.Value),
            _ => throw new NotSupportedException($"Cannot compare keys of {left.GetType().Name} and {right.GetType().Name}."),
        };
    }

    private static decimal ToDecimal(IArrowArray array, int row) => array switch
    {
        Int64Array a => a.Values[row],
        DoubleArray a => (decimal)a.Values[row],
        StringArray a => decimal.Parse(a.GetString(row), NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"A tolerance applies to numbers, not to {array.GetType().Name}."),
    };

    /// <summary>True when both values are null or both hold the same value (within the column's tolerance).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool ValueEquals(IArrowArray left, int leftRow, IArrowArray right, int rightRow, ColumnRules rules)
    {
        var leftNull = left.IsNull(leftRow);
        var rightNull = right.IsNull(rightRow);
        if (leftNull || rightNull)
        {
            return leftNull && rightNull;
        }

        if (rules.Tolerance is { } tolerance)
        {
            return left is DoubleArray l && right is DoubleArray r
                ? Math.Abs(FloatValues.Normalize(l.Values[leftRow]) - FloatValues.Normalize(r.Values[rightRow])) <= (double)tolerance
                : Math.Abs(ToDecimal(left, leftRow) - ToDecimal(right, rightRow)) <= tolerance;
        }

        return (left, right) switch
        {
            (DoubleArray a, DoubleArray b) => FloatValues.Normalize(a.Values[leftRow]).Equals(FloatValues.Normalize(b.Values[rightRow])),
            _ => CompareKey(left, leftRow, right, rightRow) == 0,
        };
    }
}
