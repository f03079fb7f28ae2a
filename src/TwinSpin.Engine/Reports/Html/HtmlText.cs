using System.Globalization;
using System.Net;
using System.Text;

namespace TwinSpin.Engine.Reports.Html;

/// <summary>Text into HTML: every piece of data goes through <see cref="Text"/> (HTML-encoded); markup is appended as is.</summary>
internal static class HtmlText
{
    /// <summary>Appends <paramref name="text"/> HTML-encoded (&lt; &gt; &amp; quotes), control characters shown as \uXXXX.</summary>
    public static StringBuilder Text(this StringBuilder html, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return html;
        }

        return html.Append(WebUtility.HtmlEncode(HasControl(text) ? VisibleControls(text) : text));
    }

    public static StringBuilder Count(this StringBuilder html, long n) => html.Append(Number(n));

    public static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Plural(long n, string one, string many) => n == 1 ? one : many;

    /// <summary>A timestamp as UTC, to the second.</summary>
    public static string Time(DateTime time) =>
        DateTime.SpecifyKind(time, time.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : time.Kind).ToUniversalTime()
            .ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan span) => span switch
    {
        { TotalSeconds: < 60 } => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
        { TotalHours: < 1 } => $"{(int)span.TotalMinutes} min {span.Seconds} s",
        _ => $"{(int)span.TotalHours} h {span.Minutes} min {span.Seconds} s",
    };

    // Characters HTML cannot show (and a NUL it must not hold); tab and line breaks stay, the cells keep white space.
    private static bool HasControl(string text)
    {
        foreach (var c in text)
        {
            if (IsHidden(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string VisibleControls(string text)
    {
        var visible = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            visible.Append(IsHidden(c) ? $"\\u{(int)c:X4}" : c);
        }

        return visible.ToString();
    }

    private static bool IsHidden(char c) => c is < ' ' and not ('\t' or '\n' or '\r') or '\u007f';
}
