using System.Globalization;

namespace TwinSpin.Engine.Views;

/// <summary>A compared value as every view and report shows it: NULL, text in single quotes, numbers and
/// timestamps in invariant form. One form, so a value reads the same in the console, a CSV cell and the HTML report.</summary>
public static class ValueText
{
    public static string Display(object? value) => value switch
    {
        null => "NULL",
        string s => "'" + s + "'",
        _ => Plain(value),
    };

    /// <summary>The value without quotes, as a CSV cell holds it (NULL is an empty cell).</summary>
    public static string Plain(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
