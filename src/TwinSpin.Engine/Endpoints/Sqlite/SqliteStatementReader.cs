using System.Collections;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace TwinSpin.Engine.Endpoints.Sqlite;

/// <summary>A reader that can hand out a text value as the UTF-8 bytes the database holds, without a string.</summary>
public interface IUtf8ValueReader
{
    /// <summary>The current row's text value as UTF-8; valid until the next <see cref="DbDataReader.Read"/>.</summary>
    ReadOnlySpan<byte> GetUtf8(int ordinal);

    /// <summary>False when this reader only passes another through and that one cannot.</summary>
    bool GivesUtf8 => true;
}

/// <summary>A reader that is fastest read synchronously, start to end, inside one call.</summary>
public interface ISynchronousReader
{
    /// <summary>
    /// Runs <paramref name="readRows"/>, which must read this reader with <see cref="DbDataReader.Read"/> and its
    /// getters synchronously on the calling thread, holding for the whole call what the reader would otherwise
    /// take for every value (SQLite: the connection's mutex).
    /// </summary>
    T ReadSynchronously<T>(Func<T> readRows);

    /// <summary>False when this reader only passes another through and that one is not synchronous.</summary>
    bool IsSynchronous => true;
}

/// <summary>
/// Reads an SQLite query straight from its statement (SQLitePCLRaw), giving the values Microsoft.Data.Sqlite
/// would (long, double, string, byte[] by storage class) at a fraction of the cost per value: fetching rows
/// and grouping buckets read millions of values, where that reader's checks per call dominate. Only for
/// parameters of simple types (long, double, string, byte[]), bound as Microsoft.Data.Sqlite binds them.
/// </summary>
public sealed class SqliteStatementReader : DbDataReader, IUtf8ValueReader, ISynchronousReader
{

    private readonly sqlite3_stmt _statement;
    // The statement's native pointer, valid while _statement is open: per-value calls go through SqliteNative.
    private readonly IntPtr _handle;
    private readonly CancellationToken _cancellationToken;
    private readonly sqlite3 _database;

    // Each value's storage class, asked once per row: IsDBNull, GetFieldType and the getter all need it.
    private readonly int[] _types;
    private readonly long[] _typesRow;
    private long _row;
    private bool _closed;

    private SqliteStatementReader(sqlite3 database, sqlite3_stmt statement, CancellationToken cancellationToken)
    {
        _database = database;
        _statement = statement;
        _handle = statement.DangerousGetHandle();
        _cancellationToken = cancellationToken;
        FieldCount = raw.sqlite3_column_count(statement);
        _types = new int[FieldCount];
        _typesRow = new long[FieldCount];
    }

    /// <summary>True when every parameter binds the same way here as through Microsoft.Data.Sqlite.</summary>
    public static bool CanBind(IReadOnlyList<object> parameters) => parameters.All(p => p is long or double or string or byte[]);

    public static SqliteStatementReader Open(SqliteConnection connection, string sql, IReadOnlyList<object> parameters, Func<int, string> parameterName,
        CancellationToken cancellationToken)
    {
        var database = connection.Handle!;
        Check(database, raw.sqlite3_prepare_v2(database, sql, out var statement));
        try
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                var index = raw.sqlite3_bind_parameter_index(statement, parameterName(i));
                Check(database, parameters[i] switch
                {
                    long value => raw.sqlite3_bind_int64(statement, index, value),
                    double value => raw.sqlite3_bind_double(statement, index, value),
                    string value => raw.sqlite3_bind_text(statement, index, value),
                    byte[] value => raw.sqlite3_bind_blob(statement, index, value),
                    var other => throw new ArgumentException($"Cannot bind a {other.GetType().Name} directly.", nameof(parameters)),
                });
            }
        }
        catch
        {
            statement.Dispose();
            throw;
        }

        return new SqliteStatementReader(database, statement, cancellationToken);
    }

    public override int FieldCount { get; }

    public override int RecordsAffected => -1;

    public override bool HasRows => throw new NotSupportedException();

    public override bool IsClosed => _closed;

    public override int Depth => 0;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Read()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var result = SqliteNative.Step(_handle);
        if (result == raw.SQLITE_ROW)
        {
            _row++;
            return true;
        }

        if (result != raw.SQLITE_DONE)
        {
            Check(_database, result);
        }

        return false;
    }

    /// <summary>
    /// In SQLite's default serialized mode every column call locks and unlocks the connection's mutex; held once
    /// around the whole read (on one thread, as a mutex must be), each of those is a cheap recursive lock.
    /// </summary>
    public T ReadSynchronously<T>(Func<T> readRows)
    {
        var mutex = SqliteNative.DatabaseMutex(_database.DangerousGetHandle()); // none in multi-thread mode
        if (mutex == IntPtr.Zero)
        {
            return readRows();
        }

        SqliteNative.MutexEnter(mutex);
        try
        {
            return readRows();
        }
        finally
        {
            SqliteNative.MutexLeave(mutex);
        }
    }

    public override Task<bool> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(Read());

    public override bool NextResult() => false;

    public override bool IsDBNull(int ordinal) => StorageClass(ordinal) == SqliteStorageClass.Null;

    public override Type GetFieldType(int ordinal) => StorageClass(ordinal) switch
    {
        SqliteStorageClass.Integer => typeof(long),
        SqliteStorageClass.Float => typeof(double),
        SqliteStorageClass.Text => typeof(string),
        SqliteStorageClass.Null => typeof(object),
        _ => typeof(byte[]),
    };

    public override object GetValue(int ordinal) => StorageClass(ordinal) switch
    {
        SqliteStorageClass.Integer => GetInt64(ordinal),
        SqliteStorageClass.Float => GetDouble(ordinal),
        SqliteStorageClass.Text => GetString(ordinal),
        SqliteStorageClass.Null => DBNull.Value,
        _ => SqliteNative.ColumnBytesOf(_handle, ordinal).ToArray(),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int StorageClass(int ordinal)
    {
        if (_typesRow[ordinal] != _row)
        {
            _types[ordinal] = SqliteNative.ColumnType(_handle, ordinal);
            _typesRow[ordinal] = _row;
        }

        return _types[ordinal];
    }

    public override long GetInt64(int ordinal) => SqliteNative.ColumnInt64(_handle, ordinal);

    public override double GetDouble(int ordinal) => SqliteNative.ColumnDouble(_handle, ordinal);

    public override string GetString(int ordinal) => Encoding.UTF8.GetString(GetUtf8(ordinal));

    public ReadOnlySpan<byte> GetUtf8(int ordinal) => SqliteNative.ColumnUtf8(_handle, ordinal);

    public override int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));

    public override short GetInt16(int ordinal) => checked((short)GetInt64(ordinal));

    public override bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

    public override float GetFloat(int ordinal) => (float)GetDouble(ordinal);

    public override string GetName(int ordinal) => raw.sqlite3_column_name(_statement, ordinal).utf8_to_string();

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < FieldCount; i++)
        {
            if (string.Equals(GetName(i), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new IndexOutOfRangeException(name);
    }

    public override string GetDataTypeName(int ordinal) => raw.sqlite3_column_decltype(_statement, ordinal).utf8_to_string() ?? string.Empty;

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public override byte GetByte(int ordinal) => throw new NotSupportedException();

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();

    public override char GetChar(int ordinal) => throw new NotSupportedException();

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();

    public override DateTime GetDateTime(int ordinal) => throw new NotSupportedException();

    public override decimal GetDecimal(int ordinal) => throw new NotSupportedException();

    public override Guid GetGuid(int ordinal) => throw new NotSupportedException();

    public override IEnumerator GetEnumerator() => throw new NotSupportedException();

    public override void Close()
    {
        if (!_closed)
        {
            _closed = true;
            _statement.Dispose();
        }
    }

    protected override void Dispose(bool disposing)
    {
        Close();
        base.Dispose(disposing);
    }

    private static int Check(sqlite3 database, int result) =>
        result is 0 or 100 or 101 ? result : throw new SqliteException(raw.sqlite3_errmsg(database).utf8_to_string(), result);
}
