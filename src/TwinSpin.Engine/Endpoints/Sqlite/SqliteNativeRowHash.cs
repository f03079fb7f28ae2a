using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Endpoints.Sqlite;

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

    [ThreadStatic]
    private static byte[]? t_buffer;

    public static unsafe void Register(Microsoft.Data.Sqlite.SqliteConnection connection) =>
        SqliteNative.RegisterFunction(connection, Name, &Invoke);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void Invoke(IntPtr context, int count, IntPtr* args) => SqliteNative.ReturnHash(context, count, args, Name, &Hash);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Hash(ReadOnlySpan<IntPtr> args)
    {
        var buffer = t_buffer ??= new byte[1024];
        var length = 0;
        foreach (var value in args)
        {
            var storage = SqliteNative.ValueType(value);
            var bytes = storage switch
            {
                SqliteStorageClass.Text => SqliteNative.ValueUtf8(value), // UTF-8 whatever the database stores
                SqliteStorageClass.Blob => SqliteNative.ValueBytesOf(value),
                _ => default, // numbers are written below; NULL has no bytes
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
                    BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(length), SqliteNative.ValueInt64(value));
                    length += 8;
                    break;
                case SqliteStorageClass.Float:
                    BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(length), SqliteNative.ValueDouble(value));
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

        return XxHash3.HashToUInt64(buffer.AsSpan(0, length));
    }
}
