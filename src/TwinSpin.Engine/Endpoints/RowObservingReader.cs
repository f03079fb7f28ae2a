using System.Collections;
using System.Data.Common;
using TwinSpin.Engine.Endpoints.Sqlite;

namespace TwinSpin.Engine.Endpoints;

/// <summary>
/// A data reader that passes everything through to the driver's reader and shows each row to an observer
/// as it is reached. The self-check reads a sample's values through the very code that fetches rows for a
/// diff (so it checks what a diff would see), while the observer reads the hash columns of the same rows.
/// </summary>
internal sealed class RowObservingReader(DbDataReader inner, Action<DbDataReader> onRow) : DbDataReader, IUtf8ValueReader, ISynchronousReader
{
    /// <summary>The inner reader's synchronous read (callers check <see cref="IsSynchronous"/> first).</summary>
    public T ReadSynchronously<T>(Func<T> readRows) => ((ISynchronousReader)inner).ReadSynchronously(readRows);

    public bool IsSynchronous => inner is ISynchronousReader { IsSynchronous: true };

    /// <summary>The inner reader's UTF-8 text, when it gives it (callers check <see cref="GivesUtf8"/> first).</summary>
    public ReadOnlySpan<byte> GetUtf8(int ordinal) => ((IUtf8ValueReader)inner).GetUtf8(ordinal);

    public bool GivesUtf8 => inner is IUtf8ValueReader;

    public override bool Read()
    {
        var read = inner.Read();
        if (read)
        {
            onRow(inner);
        }

        return read;
    }

    public override async Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        var read = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (read)
        {
            onRow(inner);
        }

        return read;
    }

    public override int Depth => inner.Depth;

    public override int FieldCount => inner.FieldCount;

    public override bool HasRows => inner.HasRows;

    public override bool IsClosed => inner.IsClosed;

    public override int RecordsAffected => inner.RecordsAffected;

    public override object this[int ordinal] => inner[ordinal];

    public override object this[string name] => inner[name];

    public override bool GetBoolean(int ordinal) => inner.GetBoolean(ordinal);

    public override byte GetByte(int ordinal) => inner.GetByte(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);

    public override char GetChar(int ordinal) => inner.GetChar(ordinal);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);

    public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);

    public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);

    public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal);

    public override double GetDouble(int ordinal) => inner.GetDouble(ordinal);

    public override IEnumerator GetEnumerator() => ((IEnumerable)inner).GetEnumerator();

    public override Type GetFieldType(int ordinal) => inner.GetFieldType(ordinal);

    public override T GetFieldValue<T>(int ordinal) => inner.GetFieldValue<T>(ordinal);

    public override Task<T> GetFieldValueAsync<T>(int ordinal, CancellationToken cancellationToken) => inner.GetFieldValueAsync<T>(ordinal, cancellationToken);

    public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);

    public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);

    public override short GetInt16(int ordinal) => inner.GetInt16(ordinal);

    public override int GetInt32(int ordinal) => inner.GetInt32(ordinal);

    public override long GetInt64(int ordinal) => inner.GetInt64(ordinal);

    public override string GetName(int ordinal) => inner.GetName(ordinal);

    public override int GetOrdinal(string name) => inner.GetOrdinal(name);

    public override Type GetProviderSpecificFieldType(int ordinal) => inner.GetProviderSpecificFieldType(ordinal);

    public override object GetProviderSpecificValue(int ordinal) => inner.GetProviderSpecificValue(ordinal);

    public override Stream GetStream(int ordinal) => inner.GetStream(ordinal);

    public override string GetString(int ordinal) => inner.GetString(ordinal);

    public override TextReader GetTextReader(int ordinal) => inner.GetTextReader(ordinal);

    public override object GetValue(int ordinal) => inner.GetValue(ordinal);

    public override int GetValues(object[] values) => inner.GetValues(values);

    public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);

    public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) => inner.IsDBNullAsync(ordinal, cancellationToken);

    public override bool NextResult() => inner.NextResult();

    public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => inner.NextResultAsync(cancellationToken);

    public override System.Data.DataTable? GetSchemaTable() => inner.GetSchemaTable();

    public override void Close() => inner.Close();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
