using System.Globalization;
using System.Text;

namespace TwinSpin.Engine.Endpoints;

/// <summary>
/// Values written into SQL text as typed literals, for the repair scripts (the only SQL TwinSpin writes with values in it
/// rather than bound: a script has to run in the database's own client). Standard SQL here; each engine overrides what
/// its parser reads otherwise. Values come as <see cref="Batches.ArrowValues.ToRaw"/> gives them: exact decimal text,
/// bytes for binary, timestamps to the microsecond.
/// </summary>
public class SqlLiterals
{
    public static SqlLiterals Standard { get; } = new();

    /// <summary>SQL run before the statements, in the script and when a repair is applied (a session time zone); no terminator.</summary>
    public virtual IReadOnlyList<string> SessionStatements => [];

    /// <summary>Lines only the database's command-line client reads (SQL*Plus settings); never sent as SQL.</summary>
    public virtual IReadOnlyList<string> ClientDirectives => [];

    public virtual string BeginTransaction => "BEGIN;";

    public virtual string CommitTransaction => "COMMIT;";

    public string Literal(object? value, LogicalType type) => value switch
    {
        null => "NULL",
        string s when type == LogicalType.Decimal => Number(s),
        string s when type == LogicalType.Binary => Binary(Convert.FromHexString(s)),
        string s => Text(s),
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        double d => Float(d),
        bool b => Boolean(b),
        DateTime t when type == LogicalType.Date => Date(t),
        DateTime t => Timestamp(t),
        byte[] bytes => Binary(bytes),
        _ => throw new TwinSpinException(ErrorCode.TypeMismatch, $"A {value.GetType().Name} value cannot be written as a {type} literal."),
    };

    /// <summary>Quotes doubled; every other character as it is (line breaks and control characters included).</summary>
    protected virtual string Text(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    protected virtual string Binary(byte[] value) => "X'" + Convert.ToHexString(value) + "'";

    protected virtual string Boolean(bool value) => value ? "TRUE" : "FALSE";

    protected virtual string Date(DateTime value) => "DATE '" + value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";

    protected virtual string Timestamp(DateTime value) => "TIMESTAMP '" + TimestampText(value) + "'";

    /// <summary>A double written so that it reads back to the same bits.</summary>
    protected virtual string Float(double value) => double.IsFinite(value)
        ? value.ToString("R", CultureInfo.InvariantCulture)
        : throw new TwinSpinException(ErrorCode.TypeMismatch, $"{value} cannot be written as a literal in this database.");

    /// <summary>Exact decimal text as the source gave it; anything but a number is refused (it would be spliced into SQL).</summary>
    protected static string Number(string value) =>
        decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || IsDecimalText(value)
            ? value
            : throw new TwinSpinException(ErrorCode.TypeMismatch, $"'{value}' is not a decimal number.");

    protected static string TimestampText(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    /// <summary>Digits beyond decimal's 28-29: a sign, digits, one point, an exponent; nothing else.</summary>
    private static bool IsDecimalText(string value)
    {
        var text = value.AsSpan().TrimStart('-');
        var seenPoint = false;
        var exponent = text.IndexOfAny('e', 'E');
        var mantissa = exponent < 0 ? text : text[..exponent];
        if (mantissa.IsEmpty)
        {
            return false;
        }

        foreach (var c in mantissa)
        {
            if (c == '.' && !seenPoint)
            {
                seenPoint = true;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return exponent < 0 || int.TryParse(text[(exponent + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
    }

    /// <summary>Splits text into pieces of at most <paramref name="maxBytes"/> UTF-8 bytes, never inside a character.</summary>
    protected static IEnumerable<string> Chunks(string value, int maxBytes)
    {
        var start = 0;
        var bytes = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var width = char.IsHighSurrogate(value[i]) && i + 1 < value.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(value.AsSpan(i, width));
            if (bytes + size > maxBytes && i > start)
            {
                yield return value[start..i];
                start = i;
                bytes = 0;
            }

            bytes += size;
            i += width - 1;
        }

        yield return value[start..];
    }
}
