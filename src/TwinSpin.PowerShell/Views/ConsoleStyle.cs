using System.Management.Automation;

namespace TwinSpin.Views;

/// <summary>
/// ANSI colors for the Show-* views. Always with $PSStyle.OutputRendering Ansi; never with PlainText, NO_COLOR or
/// -NoColor; with Host (the default) only when the lines go straight to a console that renders them: the cmdlet is
/// last in its pipeline and the process output is not redirected. PowerShell does not strip escapes from strings,
/// so lines piped on, captured or written to a file must not carry them.
/// </summary>
internal sealed class ConsoleStyle
{
    private ConsoleStyle(bool enabled) => Enabled = enabled;

    public bool Enabled { get; }

    public const string Reset = "\u001b[0m";
    public const string Dim = "\u001b[2m";
    public const string Bold = "\u001b[1m";
    public const string Red = "\u001b[31m";
    public const string Green = "\u001b[32m";
    public const string Yellow = "\u001b[33m";
    public const string Magenta = "\u001b[35m";
    public const string Cyan = "\u001b[36m";
    public const string RedBackground = "\u001b[41;97m";
    public const string GreenBackground = "\u001b[42;30m";

    public static ConsoleStyle For(PSCmdlet cmdlet, bool noColor)
    {
        if (noColor || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")))
        {
            return new ConsoleStyle(false);
        }

        // $PSStyle exists from PowerShell 7.2; this module is compiled against the 5.1 reference API, so it is read as a variable.
        var rendering = cmdlet.SessionState.PSVariable.GetValue("PSStyle") is { } style
            ? PSObject.AsPSObject(style).Properties["OutputRendering"]?.Value?.ToString()
            : null;
        var toConsole = cmdlet.MyInvocation.PipelinePosition == cmdlet.MyInvocation.PipelineLength &&
            !Console.IsOutputRedirected && cmdlet.Host.UI.SupportsVirtualTerminal;
        return new ConsoleStyle(rendering switch
        {
            "Ansi" => true,
            "Host" => toConsole,
            _ => false,
        });
    }

    public string Paint(string text, string color) => Enabled && text.Length > 0 && color.Length > 0 ? color + text + Reset : text;
}
