using System.Collections;
using System.Data.Common;
using System.Data.Odbc;
using System.Globalization;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Endpoints.Odbc;

/// <summary>
/// Reads an SQLite ODBC result as Microsoft.Data.Sqlite would: tagged columns
/// (<see cref="OdbcSqliteValues"/>) become the value of their storage class, integers are read as
/// their full 64 bits (the driver's 32-bit INTEGER type truncates them).
/// </summary>
public sealed class OdbcSqliteDataReader(OdbcDataReader inner) : DbDataReader
{
    private readonly Dictionary<int, ColumnKind> _kinds = [];

    /// <summary>This row's values: the ODBC reader fetches a column once, in the first type asked for.</summary>
    private readonly Dictionary<int, object> _row = [];

    private enum ColumnKind
    {
        Tagged,
        Integer,
        AsDriverReturns,
    }

    public override int FieldCount => inner.FieldCount;

    public override int RecordsAffected => inner.RecordsAffected;

    public override bool HasRows => inner.HasRows;

    public override bool IsClosed => inner.IsClosed;

    public override int Depth => inner.Depth;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read()
    {
        _row.Clear();
        return inner.Read();
    }

    public override bool NextResult()
    {
        _row.Clear();
        _kinds.Clear();
        return inner.NextResult();
    }

    public override bool IsDBNull(int ordinal) => GetValue(ordinal) is DBNull;

    /// <summary>Tagged values vary in type from row to row, as SQLite's do.</summary>
    public override Type GetFieldType(int ordinal) => Kind(ordinal) switch
    {
        ColumnKind.Tagged => typeof(object),
        ColumnKind.Integer => typeof(long),
        _ => inner.GetFieldType(ordinal),
    };

    public override object GetValue(int ordinal)
    {
        if (!_row.TryGetValue(ordinal, out var value))
        {
            value = Fetch(ordinal);
            _row[ordinal] = value;
        }

        return value;
    }

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public override long GetInt64(int ordinal) => Convert.ToInt64(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override int GetInt32(int ordinal) => Convert.ToInt32(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override short GetInt16(int ordinal) => Convert.ToInt16(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override byte GetByte(int ordinal) => Convert.ToByte(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override bool GetBoolean(int ordinal) => ProviderValues.ToBoolean(GetValue(ordinal));

    public override double GetDouble(int ordinal) => ProviderValues.ToDouble(GetValue(ordinal));

    public override float GetFloat(int ordinal) => (float)GetDouble(ordinal);

    public override decimal GetDecimal(int ordinal) => Convert.ToDecimal(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override string GetString(int ordinal) => ProviderValues.ToText(GetValue(ordinal));

    public override char GetChar(int ordinal) => GetString(ordinal)[0];

    public override DateTime GetDateTime(int ordinal) => Convert.ToDateTime(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override Guid GetGuid(int ordinal) => Guid.Parse(GetString(ordinal));

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null)
        {
            return text.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, text.Length - dataOffset));
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);

    public override string GetName(int ordinal) => inner.GetName(ordinal);

    public override int GetOrdinal(string name) => inner.GetOrdinal(name);

    public override IEnumerator GetEnumerator() => new DbEnumerator(this);

    public override void Close() => inner.Close();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private object Fetch(int ordinal)
    {
        if (Kind(ordinal) == ColumnKind.Integer)
        {
            // Asked for as text, the driver spells all 64 bits; asked for as its INTEGER type (as IsDBNull
            // would), it truncates them to 32. A NULL fails the text read, and is then known to be NULL.
            try
            {
                return long.Parse(inner.GetString(ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture);
            }
            catch (InvalidCastException) when (inner.IsDBNull(ordinal))
            {
                return DBNull.Value;
            }
        }

        if (inner.IsDBNull(ordinal))
        {
            return DBNull.Value;
        }

        return Kind(ordinal) == ColumnKind.Tagged ? OdbcSqliteValues.Decode(inner.GetString(ordinal)) : inner.GetValue(ordinal);
    }

    private ColumnKind Kind(int ordinal)
    {
        if (!_kinds.TryGetValue(ordinal, out var kind))
        {
            var type = inner.GetFieldType(ordinal);
            kind = inner.GetName(ordinal).StartsWith(OdbcSqliteValues.TaggedColumnPrefix, StringComparison.Ordinal) ? ColumnKind.Tagged
                : type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(long) ? ColumnKind.Integer
                : ColumnKind.AsDriverReturns;
            _kinds[ordinal] = kind;
        }

        return kind;
    }
}
