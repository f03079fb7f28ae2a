using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Hashing;

namespace TwinSpin.Engine.Endpoints.Sqlite;

/// <summary>
/// <c>twinspin_row_hash(spec, v1, v2, ...)</c> on SQLite's own value API: integers, reals, text and
/// blobs are read where SQLite holds them and written as canonical UTF-8 without a .NET object or
/// string per value (text is hashed as the bytes SQLite stores). Anything unusual (a tolerance, text
/// in a numeric column, a timestamp in another form) takes the general path,
/// <see cref="SqliteHashFunctions.CanonicalText"/>, so both always agree. Registered straight with SQLite
/// (<see cref="SqliteNative.RegisterFunction"/>).
/// </summary>
internal static class SqliteRowHashFunction
{
    [ThreadStatic]
    private static Utf8RowWriter? t_writer;

    [ThreadStatic]
    private static (byte[] Spec, (LogicalType Type, ColumnRules Rules)[] Columns)? t_lastSpec;

    public static unsafe void Register(Microsoft.Data.Sqlite.SqliteConnection connection) =>
        SqliteNative.RegisterFunction(connection, SqliteHashFunctions.RowHash, &Invoke);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void Invoke(IntPtr context, int count, IntPtr* args) => SqliteNative.ReturnHash(context, count, args, SqliteHashFunctions.RowHash, &Hash);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Hash(ReadOnlySpan<IntPtr> args)
    {
        var columns = Columns(SqliteNative.ValueUtf8(args[0]));
        var writer = t_writer ??= new Utf8RowWriter();
        writer.Reset();
        for (var i = 1; i < args.Length; i++)
        {
            Append(writer, columns[i - 1].Type, columns[i - 1].Rules, args[i]);
        }

        return writer.Hash();
    }

    /// <summary>The parsed column spec; the same spec comes row after row, so the last one is kept.</summary>
    private static (LogicalType Type, ColumnRules Rules)[] Columns(ReadOnlySpan<byte> spec)
    {
        if (t_lastSpec is { } last && spec.SequenceEqual(last.Spec))
        {
            return last.Columns;
        }

        var columns = SqliteHashFunctions.ParseSpec(Encoding.UTF8.GetString(spec));
        t_lastSpec = (spec.ToArray(), columns);
        return columns;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Append(Utf8RowWriter writer, LogicalType type, ColumnRules rules, IntPtr value)
    {
        var storage = SqliteNative.ValueType(value);
        if (storage == SqliteStorageClass.Null)
        {
            writer.AppendNull();
            return;
        }

        if (rules.Tolerance is null && TryAppendFast(writer, type, rules, storage, value))
        {
            return;
        }

        if (SqliteHashFunctions.CanonicalText(type, rules, ToObject(storage, value)) is { } text)
        {
            writer.AppendValue(text);
        }
        else
        {
            writer.AppendNull();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryAppendFast(Utf8RowWriter writer, LogicalType type, ColumnRules rules, int storage, IntPtr value)
    {
        Span<byte> scratch = stackalloc byte[40];
        switch (type, storage)
        {
            case (LogicalType.Integer or LogicalType.Decimal, SqliteStorageClass.Integer):
                Utf8Formatter.TryFormat(SqliteNative.ValueInt64(value), scratch, out var digits);
                writer.AppendValue(scratch[..digits]);
                return true;
            case (LogicalType.Boolean, SqliteStorageClass.Integer):
                scratch[0] = SqliteNative.ValueInt64(value) != 0 ? (byte)'1' : (byte)'0';
                writer.AppendValue(scratch[..1]);
                return true;
            case (LogicalType.Float, SqliteStorageClass.Float or SqliteStorageClass.Integer):
                writer.AppendValue(scratch[..CanonicalForms.Float(SqliteNative.ValueDouble(value), scratch)]);
                return true;
            case (LogicalType.Text, SqliteStorageClass.Text) when !rules.Trim && !rules.IgnoreCase:
                var text = SqliteNative.ValueUtf8(value);
                if (text.Length == 0 && rules.EmptyAsNull)
                {
                    writer.AppendNull();
                }
                else
                {
                    writer.AppendValue(text);
                }

                return true;
            case (LogicalType.Timestamp, SqliteStorageClass.Text) when CanonicalForms.TryParseTimestamp(SqliteNative.ValueUtf8(value), out var micros):
                writer.AppendValue(scratch[..CanonicalForms.Timestamp(micros, rules.TimestampDigits, scratch)]);
                return true;
            case (LogicalType.Binary, SqliteStorageClass.Blob):
                var bytes = SqliteNative.ValueBytesOf(value);
                Span<byte> hex = bytes.Length <= 256 ? stackalloc byte[512] : new byte[bytes.Length * 2];
                hex = hex[..(bytes.Length * 2)];
                CanonicalForms.Hex(bytes, hex);
                writer.AppendValue(hex);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The value as Microsoft.Data.Sqlite would give it: long, double, string or byte[].</summary>
    private static object ToObject(int storage, IntPtr value) => storage switch
    {
        SqliteStorageClass.Integer => SqliteNative.ValueInt64(value),
        SqliteStorageClass.Float => SqliteNative.ValueDouble(value),
        SqliteStorageClass.Text => Encoding.UTF8.GetString(SqliteNative.ValueUtf8(value)),
        SqliteStorageClass.Blob => SqliteNative.ValueBytesOf(value).ToArray(),
        _ => throw new InvalidOperationException($"Unknown SQLite storage class {storage.ToString(CultureInfo.InvariantCulture)}."),
    };
}
