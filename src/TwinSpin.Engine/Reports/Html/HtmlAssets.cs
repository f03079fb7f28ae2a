using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace TwinSpin.Engine.Reports.Html;

/// <summary>The page's stylesheet and script (embedded resources, written inline so the page needs nothing else),
/// and the Content-Security-Policy that lets only these two run: no network, no other script.</summary>
internal static class HtmlAssets
{
    public static string Css { get; } = Read("report.css");

    public static string Script { get; } = Read("report.js");

    /// <summary>default-src 'none': nothing is fetched; only the inline style and script with these hashes apply,
    /// so even a value that escaped escaping could not run.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src '{Hash(Css)}'; script-src '{Hash(Script)}'; img-src data:; base-uri 'none'; form-action 'none'";

    private static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("TwinSpin.Engine.Reports.Html." + name)
            ?? throw new InvalidOperationException($"The HTML report resource {name} is missing from the engine assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
