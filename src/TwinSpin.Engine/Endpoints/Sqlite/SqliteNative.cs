using System.Runtime.InteropServices;

namespace TwinSpin.Engine.Endpoints.Sqlite;

/// <summary>
/// The few SQLite calls made per value (reading a row's columns, a registered function's arguments), bound straight to the same native library
/// SQLitePCLRaw loads ("e_sqlite3", resolved by the same load context). SQLitePCLRaw's wrappers go through an
/// interface and a SafeHandle per call; at tens of millions of values that was a large share of a fetch.
/// The column accessors are marked SuppressGCTransition: they only read the current row, never block or call
/// back, which is what that attribute requires. sqlite3_step is not: it reads pages and may wait on locks.
/// Callers keep the statement's SafeHandle alive while they use its raw pointer.
/// </summary>
internal static unsafe class SqliteNative
{
    private const string Library = "e_sqlite3";
    private const int Utf8Deterministic = 1 | 0x800; // SQLITE_UTF8 | SQLITE_DETERMINISTIC

    [DllImport(Library, EntryPoint = "sqlite3_step")]
    public static extern int Step(IntPtr statement);

    [DllImport(Library, EntryPoint = "sqlite3_db_mutex"), SuppressGCTransition]
    public static extern IntPtr DatabaseMutex(IntPtr database);

    [DllImport(Library, EntryPoint = "sqlite3_mutex_enter")]
    public static extern void MutexEnter(IntPtr mutex);

    [DllImport(Library, EntryPoint = "sqlite3_mutex_leave")]
    public static extern void MutexLeave(IntPtr mutex);

    [DllImport(Library, EntryPoint = "sqlite3_column_type"), SuppressGCTransition]
    public static extern int ColumnType(IntPtr statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_int64"), SuppressGCTransition]
    public static extern long ColumnInt64(IntPtr statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_double"), SuppressGCTransition]
    public static extern double ColumnDouble(IntPtr statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_blob"), SuppressGCTransition]
    private static extern byte* ColumnBlob(IntPtr statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_text"), SuppressGCTransition]
    private static extern byte* ColumnText(IntPtr statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_bytes"), SuppressGCTransition]
    private static extern int ColumnBytes(IntPtr statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_create_function_v2")]
    private static extern int CreateFunction(IntPtr database, byte* name, int arguments, int textEncoding, IntPtr userData,
        delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr*, void> function, IntPtr step, IntPtr final, IntPtr destroy);

    [DllImport(Library, EntryPoint = "sqlite3_value_type"), SuppressGCTransition]
    public static extern int ValueType(IntPtr value);

    [DllImport(Library, EntryPoint = "sqlite3_value_int64"), SuppressGCTransition]
    public static extern long ValueInt64(IntPtr value);

    [DllImport(Library, EntryPoint = "sqlite3_value_double"), SuppressGCTransition]
    public static extern double ValueDouble(IntPtr value);

    [DllImport(Library, EntryPoint = "sqlite3_value_blob"), SuppressGCTransition]
    private static extern byte* ValueBlob(IntPtr value);

    [DllImport(Library, EntryPoint = "sqlite3_value_text"), SuppressGCTransition]
    private static extern byte* ValueText(IntPtr value);

    [DllImport(Library, EntryPoint = "sqlite3_value_bytes"), SuppressGCTransition]
    private static extern int ValueBytes(IntPtr value);

    [DllImport(Library, EntryPoint = "sqlite3_result_int64"), SuppressGCTransition]
    public static extern void ResultInt64(IntPtr context, long value);

    [DllImport(Library, EntryPoint = "sqlite3_result_error")]
    private static extern void ResultError(IntPtr context, byte* message, int length);

    /// <summary>
    /// Registers a deterministic scalar function of any number of arguments straight with SQLite. SQLitePCLRaw's
    /// own registration wraps every argument of every call in new objects, which costs more than most functions.
    /// The function must catch everything: nothing may unwind into SQLite's C frames.
    /// </summary>
    public static void RegisterFunction(Microsoft.Data.Sqlite.SqliteConnection connection, string name,
        delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr*, void> function)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* text = utf8)
        {
            var result = CreateFunction(connection.Handle!.DangerousGetHandle(), text, -1, Utf8Deterministic, IntPtr.Zero, function,
                IntPtr.Zero, IntPtr.Zero, IntPtr.Zero); // SQLite copies the name
            if (result != 0)
            {
                throw new Microsoft.Data.Sqlite.SqliteException($"Could not register {name} (SQLite error {result}).", result);
            }
        }
    }

    /// <summary>
    /// The body of a registered row hash: sets the call's result to <paramref name="hash"/> of its arguments, or, if
    /// that throws, makes the query fail with the message (nothing may unwind into SQLite's C frames).
    /// </summary>
    public static void ReturnHash(IntPtr context, int count, IntPtr* args, string name, delegate*<ReadOnlySpan<IntPtr>, ulong> hash)
    {
        try
        {
            ResultInt64(context, unchecked((long)hash(new ReadOnlySpan<IntPtr>(args, count))));
        }
        catch (Exception e)
        {
            ResultError(context, name + ": " + e.Message);
        }
    }

    /// <summary>A text argument's UTF-8 bytes, converted by SQLite if the database stores UTF-16; valid until the
    /// function returns. Empty for NULL.</summary>
    public static ReadOnlySpan<byte> ValueUtf8(IntPtr value)
    {
        var text = ValueText(value); // before sqlite3_value_bytes, as SQLite documents
        return text is null ? default : new ReadOnlySpan<byte>(text, ValueBytes(value));
    }

    /// <summary>A blob argument's bytes; valid until the function returns. Empty for NULL.</summary>
    public static ReadOnlySpan<byte> ValueBytesOf(IntPtr value)
    {
        var blob = ValueBlob(value);
        return blob is null ? default : new ReadOnlySpan<byte>(blob, ValueBytes(value));
    }

    /// <summary>Makes the registered function's call fail with <paramref name="message"/>.</summary>
    public static void ResultError(IntPtr context, string message)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(message);
        fixed (byte* text = utf8)
        {
            ResultError(context, text, utf8.Length); // SQLite copies the message
        }
    }

    /// <summary>A text value's UTF-8 bytes (no terminator), converted by SQLite if the database stores UTF-16;
    /// valid until the next step. Empty for NULL.</summary>
    public static ReadOnlySpan<byte> ColumnUtf8(IntPtr statement, int column)
    {
        // sqlite3_column_text before sqlite3_column_bytes: the order SQLite documents for a stable length.
        var text = ColumnText(statement, column);
        return text is null ? default : new ReadOnlySpan<byte>(text, ColumnBytes(statement, column));
    }

    /// <summary>A blob value's bytes; valid until the next step. Empty for NULL or a zero-length blob.</summary>
    public static ReadOnlySpan<byte> ColumnBytesOf(IntPtr statement, int column)
    {
        var blob = ColumnBlob(statement, column);
        return blob is null ? default : new ReadOnlySpan<byte>(blob, ColumnBytes(statement, column));
    }
}
