using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using Apache.Arrow;
using Apache.Arrow.Types;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Hashing;
using TwinSpin.Engine.Endpoints.Sqlite;

namespace TwinSpin.Engine.Batches;

/// <summary>
/// Reads a result set whose columns follow a <see cref="ComparePlan"/> into one Arrow record batch,
/// through typed builders (no boxed row objects). Hot types use the driver's typed getters.
/// </summary>
public static class ArrowBatchReader
{
    public static async Task<RecordBatch> ReadAsync(DbDataReader reader, IReadOnlyList<PlannedColumn> columns, CancellationToken cancellationToken) =>
        (await ReadAsync(reader, columns, int.MaxValue, cancellationToken).ConfigureAwait(false))!;

    /// <summary>The batch, or null as soon as the result holds more than <paramref name="maxRows"/> rows.</summary>
    public static async Task<RecordBatch?> ReadAsync(DbDataReader reader, IReadOnlyList<PlannedColumn> columns, int maxRows, CancellationToken cancellationToken)
    {
        var appenders = Rent(columns);
        try
        {
            var rows = reader is ISynchronousReader { IsSynchronous: true } synchronous
                ? synchronous.ReadSynchronously(() => AppendRows(reader, appenders, maxRows))
                : await AppendRowsAsync(reader, appenders, maxRows, cancellationToken).ConfigureAwait(false);
            if (rows < 0)
            {
                return null;
            }

            var arrays = appenders.Select(a => a.Build()).ToArray();
            return new RecordBatch(ArrowSchemas.For(columns), arrays, rows);
        }
        finally
        {
            Return(columns, appenders);
        }
    }

    /// <summary>The rows appended, or -1 past <paramref name="maxRows"/>.</summary>
    private static async Task<int> AppendRowsAsync(DbDataReader reader, ColumnAppender[] appenders, int maxRows, CancellationToken cancellationToken)
    {
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (rows == maxRows)
            {
                return -1;
            }

            AppendRow(reader, appenders);
            rows++;
        }

        return rows;
    }

    /// <summary>The same, for a reader that never waits: synchronous, so it stays on one thread.</summary>
    private static int AppendRows(DbDataReader reader, ColumnAppender[] appenders, int maxRows)
    {
        var rows = 0;
        while (reader.Read())
        {
            if (rows == maxRows)
            {
                return -1;
            }

            AppendRow(reader, appenders);
            rows++;
        }

        return rows;
    }

    private static void AppendRow(DbDataReader reader, ColumnAppender[] appenders)
    {
        foreach (var appender in appenders)
        {
            appender.Append(reader);
        }
    }

    // Appenders are reused by later reads of the same columns (a job's plan): a builder grows to a leaf's size
    // once, instead of growing again (through the large object heap, each time a full collection) for every leaf.
    // At most one set per concurrent read; the sets go with the plan when the job ends.
    private static readonly ConditionalWeakTable<IReadOnlyList<PlannedColumn>, ConcurrentBag<ColumnAppender[]>> s_idle = new();

    private static ColumnAppender[] Rent(IReadOnlyList<PlannedColumn> columns) =>
        s_idle.GetOrCreateValue(columns).TryTake(out var idle)
            ? idle
            : columns.Select((c, i) => ColumnAppender.Create(c, i)).ToArray();

    private static void Return(IReadOnlyList<PlannedColumn> columns, ColumnAppender[] appenders)
    {
        foreach (var appender in appenders)
        {
            appender.Clear();
        }

        s_idle.GetOrCreateValue(columns).Add(appenders);
    }

    private abstract class ColumnAppender
    {
        protected ColumnAppender(int ordinal) => Ordinal = ordinal;

        protected int Ordinal { get; }

        public abstract void Append(DbDataReader reader);

        /// <summary>The values appended since the last <see cref="Clear"/>, copied into native memory the batch owns.</summary>
        public abstract IArrowArray Build();

        /// <summary>Empties the builder and keeps its capacity.</summary>
        public abstract void Clear();

        /// <summary>An appender for the column's type. Text and timestamp rules are applied as values are
        /// read, so hashing and comparing see normalized values (tolerance is applied when comparing).</summary>
        public static ColumnAppender Create(PlannedColumn column, int ordinal) => Create(column.Type, column.Rules, ordinal, column.Name);

        private static ColumnAppender Create(LogicalType type, ColumnRules rules, int ordinal, string name) => type switch
        {
            LogicalType.Integer => new Int64Appender(ordinal, name),
            LogicalType.Float => new DoubleAppender(ordinal),
            LogicalType.Text => new StringAppender(ordinal, rules),
            LogicalType.Decimal => new DecimalAppender(ordinal),
            LogicalType.Boolean => new BooleanAppender(ordinal),
            LogicalType.Date => new DateAppender(ordinal),
            LogicalType.Timestamp => new TimestampAppender(ordinal, rules),
            LogicalType.Binary => new BinaryAppender(ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
    }

    private sealed class Int64Appender(int ordinal, string name) : ColumnAppender(ordinal)
    {
        private readonly Int64Array.Builder _builder = new();

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Append(DbDataReader reader)
        {
            if (reader.IsDBNull(Ordinal))
            {
                _builder.AppendNull();
            }
            else if (reader.GetFieldType(Ordinal) == typeof(long))
            {
                _builder.Append(reader.GetInt64(Ordinal));
            }
            else
            {
                _builder.Append(ToInt64(reader.GetValue(Ordinal)));
            }
        }

        /// <summary>Integers are compared as 64-bit signed values: one beyond (a MariaDB BIGINT UNSIGNED above 2^63 - 1)
        /// stops the job with an error naming the column, not a bare overflow.</summary>
        private long ToInt64(object value)
        {
            try
            {
                return ProviderValues.ToInt64(value);
            }
            catch (OverflowException e)
            {
                throw new TwinSpinException(ErrorCode.TypeMismatch,
                    $"Column '{name}' holds {Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}, beyond the 64-bit signed " +
                    "range integers are compared in. Compare it as a decimal (for example through a view that casts it to DECIMAL(20,0)), " +
                    "or exclude it with -ExcludeColumn.", e) { Target = name };
            }
        }

        public override IArrowArray Build() => _builder.Build(BatchMemoryAllocator.Instance);

        public override void Clear() => _builder.Clear();
    }

    private sealed class DoubleAppender(int ordinal) : ColumnAppender(ordinal)
    {
        private readonly DoubleArray.Builder _builder = new();

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Append(DbDataReader reader)
        {
            if (reader.IsDBNull(Ordinal))
            {
                _builder.AppendNull();
            }
            else
            {
                var value = reader.GetFieldType(Ordinal) == typeof(double)
                    ? reader.GetDouble(Ordinal)
                    : ProviderValues.ToDouble(reader.GetValue(Ordinal));
                // Stored as read: FloatValues.Normalize is applied where values are compared or shown, so the
                // rows that are equal bit for bit (nearly all) never pay for it.
                _builder.Append(value);
            }
        }

        public override IArrowArray Build() => _builder.Build(BatchMemoryAllocator.Instance);

        public override void Clear() => _builder.Clear();
    }

    /// <summary>Text under its rules.</summary>
    private sealed class StringAppender(int ordinal, ColumnRules rules) : ColumnAppender(ordinal)
    {
        private readonly StringArray.Builder _builder = new();

        // Decided once: comparing the rules record on every value would cost more than most values.
        private readonly ColumnRules? _textRules = rules.IsExact ? null : rules;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Append(DbDataReader reader)
        {
            if (reader.IsDBNull(Ordinal))
            {
                _builder.AppendNull();
                return;
            }

            var isText = reader.GetFieldType(Ordinal) == typeof(string);
            if (isText && _textRules is null && reader is IUtf8ValueReader { GivesUtf8: true } direct)
            {
                // The stored UTF-8 as it is, as a string would encode it (invalid UTF-8 takes the string path).
                var utf8 = direct.GetUtf8(Ordinal);
                if (Utf8.IsValid(utf8))
                {
                    _builder.Append(utf8);
                    return;
                }
            }

            var text = isText ? reader.GetString(Ordinal) : ProviderValues.ToText(reader.GetValue(Ordinal));
            var normalized = _textRules is null ? text : _textRules.NormalizeText(text);
            if (normalized is null)
            {
                _builder.AppendNull();
            }
            else
            {
                _builder.Append(normalized, Encoding.UTF8);
            }
        }

        public override IArrowArray Build() => _builder.Build(BatchMemoryAllocator.Instance);

        public override void Clear() => _builder.Clear();
    }

    /// <summary>Canonical decimal text (docs/hash-contract.md). An integer, as SQLite stores whole NUMERIC values,
    /// is its digits: written straight as UTF-8, where boxing and formatting a string per value cost more than reading it.</summary>
    private sealed class DecimalAppender(int ordinal) : ColumnAppender(ordinal)
    {
        private readonly StringArray.Builder _builder = new();

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Append(DbDataReader reader)
        {
            if (reader.IsDBNull(Ordinal))
            {
                _builder.AppendNull();
                return;
            }

            var type = reader.GetFieldType(Ordinal);
            if (type == typeof(long))
            {
                Span<byte> digits = stackalloc byte[20];
                Utf8Formatter.TryFormat(reader.GetInt64(Ordinal), digits, out var written);
                _builder.Append(digits[..written]);
                return;
            }

            var value = type == typeof(string) ? reader.GetString(Ordinal) : reader.GetValue(Ordinal);
            _builder.Append(ProviderValues.ToDecimalText(value), Encoding.UTF8);
        }

        public override IArrowArray Build() => _builder.Build(BatchMemoryAllocator.Instance);

        public override void Clear() => _builder.Clear();
    }

    private sealed class BooleanAppender(int ordinal) : ColumnAppender(ordinal)
    {
        private readonly BooleanArray.Builder _builder = new();

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Append(DbDataReader reader)
        {
            if (reader.IsDBNull(Ordinal))
            {
                _builder.AppendNull();
            }
            else
            {
                _builder.Append(ProviderValues.ToBoolean(reader.GetValue(Ordinal)));
            }
        }

        public override IArrowArray Build() => _builder.Build(BatchMemoryAllocator.Instance);

        public override void Clear() => _builder.Clear();
    }

    private sealed class DateAppender(int ordinal) : ColumnAppender(ordinal)
    {
        private readonly Date32Array.Builder _builder = new();

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Append(DbDataReader reader)
        {
            if (reader.IsDBNull(Ordinal))
            {
                _builder.AppendNull();
            }
            else
            {
                var days = ProviderValues.ToDateDays(reader.GetValue(Ordinal));
                _builder.Append(DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + days));
            }
        }

        public override IArrowArray Build() => _builder.Build(BatchMemoryAllocator.Instance);

        public override void Clear() => _builder.Clear();
    }

    private sealed class TimestampAppender(int ordinal, ColumnRules rules) : ColumnAppender(ordinal)
    {
        private readonly TimestampArray.Builder _builder = new(new TimestampType(TimeUnit.Microsecond, "UTC"));

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Append(DbDataReader reader)
        {
            if (reader.IsDBNull(Ordinal))
            {
                _builder.AppendNull();
            }
            else
            {
                // Text in the usual layout is parsed from its UTF-8 as the hash functions parse it; anything else as usual.
                var micros = rules.TruncateMicros(
                    reader is IUtf8ValueReader { GivesUtf8: true } direct && reader.GetFieldType(Ordinal) == typeof(string) &&
                    CanonicalForms.TryParseTimestamp(direct.GetUtf8(Ordinal), out var parsed)
                        ? parsed
                        : ProviderValues.ToTimestampMicros(reader.GetValue(Ordinal)));
                _builder.Append(new DateTimeOffset(DateTime.UnixEpoch.Ticks + micros * 10, TimeSpan.Zero));
            }
        }

        public override IArrowArray Build() => _builder.Build(BatchMemoryAllocator.Instance);

        public override void Clear() => _builder.Clear();
    }

    private sealed class BinaryAppender(int ordinal) : ColumnAppender(ordinal)
    {
        private readonly BinaryArray.Builder _builder = new();

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Append(DbDataReader reader)
        {
            if (reader.IsDBNull(Ordinal))
            {
                _builder.AppendNull();
            }
            else
            {
                _builder.Append(ProviderValues.ToBinary(reader.GetValue(Ordinal)).AsSpan());
            }
        }

        public override IArrowArray Build() => _builder.Build(BatchMemoryAllocator.Instance);

        public override void Clear() => _builder.Clear();
    }
}
