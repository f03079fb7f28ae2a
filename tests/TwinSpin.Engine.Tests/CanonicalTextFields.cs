namespace TwinSpin.Engine.Tests;

/// <summary>Reads a canonical row text back into its fields (null for NULL): the encoding is unambiguous.</summary>
public static class CanonicalTextFields
{
    public static IEnumerable<string?> Parse(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == 'N')
            {
                i++;
                yield return null;
                continue;
            }

            var colon = text.IndexOf(':', i);
            var codePoints = int.Parse(text[i..colon], System.Globalization.CultureInfo.InvariantCulture);
            var end = colon + 1;
            for (var n = 0; n < codePoints; n++)
            {
                end += char.IsHighSurrogate(text[end]) ? 2 : 1;
            }

            yield return text[(colon + 1)..end];
            i = end;
        }
    }
}
