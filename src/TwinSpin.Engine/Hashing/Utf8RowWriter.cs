using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace TwinSpin.Engine.Hashing;

/// <summary>
/// The canonical row text written straight as UTF-8 bytes (what <see cref="CanonicalRowWriter"/>
/// builds as a string), for hot paths that already hold UTF-8 values: no string per value, no
/// re-encoding. Not thread-safe: one writer per thread.
/// </summary>
public sealed class Utf8RowWriter
{
    private byte[] _buffer = new byte[1024];
    private int _length;

    public void Reset() => _length = 0;

    public void AppendNull() => Reserve(1)[0] = (byte)'N';

    /// <summary>A value's canonical text given as a string.</summary>
    public void AppendValue(string canonical)
    {
        var max = System.Text.Encoding.UTF8.GetMaxByteCount(canonical.Length);
        Span<byte> utf8 = max <= 512 ? stackalloc byte[max] : new byte[max];
        var written = System.Text.Encoding.UTF8.GetBytes(canonical, utf8);
        AppendValue(utf8[..written]);
    }

    /// <summary>A value's canonical text, already UTF-8: <c>&lt;code points&gt;:&lt;bytes&gt;</c>.</summary>
    public void AppendValue(ReadOnlySpan<byte> utf8)
    {
        var prefix = Reserve(12);
        Utf8Formatter.TryFormat(CodePoints(utf8), prefix, out var digits);
        prefix[digits] = (byte)':';
        Unreserve(12 - digits - 1);
        utf8.CopyTo(Reserve(utf8.Length));
    }

    /// <summary>Room for <paramref name="count"/> more bytes at the end; the caller fills them.</summary>
    public Span<byte> Reserve(int count)
    {
        if (_buffer.Length < _length + count)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    /// <summary>Gives back bytes reserved but not used.</summary>
    public void Unreserve(int count) => _length -= count;

    public ReadOnlySpan<byte> Text => _buffer.AsSpan(0, _length);

    public ulong Hash()
    {
        Span<byte> digest = stackalloc byte[16];
        MD5.HashData(_buffer.AsSpan(0, _length), digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }

    /// <summary>Unicode code points in UTF-8: every byte that does not continue a sequence starts one.</summary>
    public static int CodePoints(ReadOnlySpan<byte> utf8)
    {
        var count = 0;
        foreach (var b in utf8)
        {
            if ((b & 0xC0) != 0x80)
            {
                count++;
            }
        }

        return count;
    }
}
