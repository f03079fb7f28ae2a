using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TwinSpin.Engine.Hashing;

/// <summary>
/// Builds one row's canonical text (each value length-prefixed, NULL as <c>N</c>) and hashes it to
/// the 64-bit row hash: the first 8 bytes of MD5 over the UTF-8 text, big-endian. Not thread-safe:
/// one writer per thread.
/// </summary>
public sealed class CanonicalRowWriter
{
    private readonly StringBuilder _text = new(256);
    private byte[] _utf8 = new byte[1024];

    public void Reset() => _text.Clear();

    public void AppendNull() => _text.Append('N');

    /// <summary>Appends a non-null value's canonical text as <c>&lt;code points&gt;:&lt;text&gt;</c>.</summary>
    public void AppendValue(ReadOnlySpan<char> canonical)
    {
        _text.Append(CodePoints(canonical)).Append(':').Append(canonical);
    }

    /// <summary>Same as <see cref="AppendValue(ReadOnlySpan{char})"/> for text already in UTF-8.</summary>
    public void AppendUtf8Value(ReadOnlySpan<byte> utf8)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(16, utf8.Length));
        try
        {
            var n = Encoding.UTF8.GetChars(utf8, chars);
            AppendValue(chars.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    public string Text => _text.ToString();

    public ulong Hash()
    {
        var needed = Encoding.UTF8.GetMaxByteCount(_text.Length);
        if (_utf8.Length < needed)
        {
            _utf8 = new byte[Math.Max(needed, _utf8.Length * 2)];
        }

        var length = 0;
        foreach (var chunk in _text.GetChunks())
        {
            length += Encoding.UTF8.GetBytes(chunk.Span, _utf8.AsSpan(length));
        }

        Span<byte> digest = stackalloc byte[16];
        MD5.HashData(_utf8.AsSpan(0, length), digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }

    /// <summary>Unicode code points (a surrogate pair counts once), as SQL character lengths count them.</summary>
    public static int CodePoints(ReadOnlySpan<char> text)
    {
        var count = text.Length;
        foreach (var c in text)
        {
            if (char.IsLowSurrogate(c))
            {
                count--;
            }
        }

        return count;
    }
}
