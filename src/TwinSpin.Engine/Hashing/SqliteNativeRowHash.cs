using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using SQLitePCL;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Hashing;

/// <summary>
/// <c>twinspin_native_hash(v1, v2, ...)</c>: SQLite's same-engine row hash, XxHash3 over each value's
/// storage class and raw bytes as SQLite holds them, with no canonical formatting. Two SQLite sides with
/// identical column types and no comparison rules store engine-equal rows as identical values, so equal
/// rows hash equal; a value stored differently (1 against 1.0) only makes its range be fetched, where
/// the engine compares it properly. Used only for SQLite-to-SQLite pairs that pass the same-engine check.
/// </summary>
internal static class SqliteNativeRowHash
{
    public const string Name = "twinspin_native_hash";

    private const int Utf8Deterministic = 1 | 0x800; // SQLITE_UTF8 | SQLITE_DETERMINISTIC

    [ThreadStatic]
    private static byte[]? t_buffer;

    public static void Register(Microsoft.Data.Sqlite.SqliteConnection connection) =>
        raw.sqlite3_create_function(connection.Handle, Name, -1, Utf8Deterministic, null, Invoke);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Invoke(sqlite3_context context, object userData, sqlite3_value[] args)
    {
        var buffer = t_buffer ??= new byte[1024];
        var length = 0;
        foreach (var value in args)
        {
            var storage = raw.sqlite3_value_type(value);
            ReadOnlySpan<byte> bytes = storage switch
            {
                SqliteStorageClass.Integer or SqliteStorageClass.Float => default,
                _ => raw.sqlite3_value_blob(value), // text (UTF-8), blob; empty for NULL
            };

            var needed = length + 5 + Math.Max(bytes.Length, 8);
            if (needed > buffer.Length)
            {
                Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
                t_buffer = buffer;
            }

            buffer[length++] = (byte)storage;
            switch (storage)
            {
                case SqliteStorageClass.Integer:
                    BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(length), raw.sqlite3_value_int64(value));
                    length += 8;
                    break;
                case SqliteStorageClass.Float:
                    BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(length), raw.sqlite3_value_double(value));
                    length += 8;
                    break;
                default:
                    // Length-prefixed, so no two value lists run together into the same bytes.
                    BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(length), bytes.Length);
                    length += 4;
                    bytes.CopyTo(buffer.AsSpan(length));
                    length += bytes.Length;
                    break;
            }
        }

        raw.sqlite3_result_int64(context, unchecked((long)XxHash3.HashToUInt64(buffer.AsSpan(0, length))));
    }
}
