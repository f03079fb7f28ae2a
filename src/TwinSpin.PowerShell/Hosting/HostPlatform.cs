using System.Runtime.InteropServices;

namespace TwinSpin.Hosting;

/// <summary>The portable runtime identifiers of this process ("linux-x64", "linux-musl-x64", "win-x64", "osx-arm64"),
/// as NuGet packages and ReadyToRun builds name their platform folders.</summary>
internal static class HostPlatform
{
    public static string Arch { get; } = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

    public static bool IsWindows { get; } = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    public static bool IsMacOS { get; } = RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

    public static bool IsMusl { get; } = RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.OrdinalIgnoreCase);

    /// <summary>The most specific first: musl Linux also accepts the plain Linux builds of a package.</summary>
    public static IReadOnlyList<string> Rids { get; } =
        IsWindows ? [$"win-{Arch}"] : IsMacOS ? [$"osx-{Arch}"] : IsMusl ? [$"linux-musl-{Arch}", $"linux-{Arch}"] : [$"linux-{Arch}"];
}
