using System.Globalization;

namespace TwinSpin.Engine.Endpoints;

/// <summary>
/// How one column's values are normalized before they are hashed or compared, identically in SQL
/// and in the engine (docs/hash-contract.md, "Comparison rules"). Exact comparison by default.
/// </summary>
public sealed record ColumnRules
{
    public static ColumnRules Exact { get; } = new();

    /// <summary>Text: ASCII letters compare without regard to case.</summary>
    public bool IgnoreCase { get; init; }

    /// <summary>Text: leading and trailing spaces do not count.</summary>
    public bool Trim { get; init; }

    /// <summary>Text: the empty string equals NULL (Oracle stores '' as NULL).</summary>
    public bool EmptyAsNull { get; init; }

    /// <summary>Numbers: values at most this far apart are equal.</summary>
    public decimal? Tolerance { get; init; }

    /// <summary>Timestamps: fractional digits compared (the smaller precision of the two sides).</summary>
    public int TimestampDigits { get; init; } = 6;

    public bool IsExact => this == Exact;

    /// <summary>A compact form for the SQLite hash function's column spec and for messages.</summary>
    public string Code => string.Concat(
        IgnoreCase ? "u" : "", Trim ? "t" : "", EmptyAsNull ? "e" : "",
        Tolerance is { } t ? "~" + t.ToString(CultureInfo.InvariantCulture) + ";" : "",
        TimestampDigits != 6 ? "p" + TimestampDigits.ToString(CultureInfo.InvariantCulture) : "");

    public static ColumnRules Parse(string code)
    {
        var rules = Exact;
        for (var i = 0; i < code.Length; i++)
        {
            switch (code[i])
            {
                case 'u': rules = rules with { IgnoreCase = true }; break;
                case 't': rules = rules with { Trim = true }; break;
                case 'e': rules = rules with { EmptyAsNull = true }; break;
                case 'p': rules = rules with { TimestampDigits = code[++i] - '0' }; break;
                case '~':
                    var end = code.IndexOf(';', i);
                    rules = rules with { Tolerance = decimal.Parse(code[(i + 1)..end], CultureInfo.InvariantCulture) };
                    i = end;
                    break;
                default: throw new FormatException($"Unknown column rule '{code[i]}' in '{code}'.");
            }
        }

        return rules;
    }

    /// <summary>ASCII-only upper case: what every engine's UPPER agrees on.</summary>
    public static string AsciiUpper(string text)
    {
        if (!text.Any(char.IsAsciiLetterLower))
        {
            return text;
        }

        return string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterLower(source[i]) ? (char)(source[i] - 32) : source[i];
            }
        });
    }

    /// <summary>Applies the text rules to a text value; null when it counts as NULL.</summary>
    public string? NormalizeText(string text)
    {
        if (EmptyAsNull && text.Length == 0)
        {
            return null;
        }

        if (Trim)
        {
            text = text.Trim(' ');
        }

        return IgnoreCase ? AsciiUpper(text) : text;
    }

    /// <summary>The grid cell a number falls in when a tolerance applies: equal within tolerance never
    /// lands more than one cell apart, different beyond it never lands in the same cell.</summary>
    public decimal ToleranceCell(decimal value) => decimal.Floor(value / Tolerance!.Value);

    /// <summary>Truncates microseconds to the compared number of fractional digits.</summary>
    public long TruncateMicros(long micros)
    {
        if (TimestampDigits >= 6)
        {
            return micros;
        }

        var unit = (long)Math.Pow(10, 6 - TimestampDigits);
        return micros - (((micros % unit) + unit) % unit);
    }
}
