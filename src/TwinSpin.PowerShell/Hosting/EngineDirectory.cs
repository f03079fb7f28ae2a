namespace TwinSpin.Hosting;

/// <summary>
/// Which build of the engine the private load context loads. deps/ holds the portable IL build (net8.0),
/// which every supported pwsh can load. deps/ready/&lt;runtime&gt;-&lt;platform&gt;/ holds a ReadyToRun
/// build, precompiled so that a fresh session's first job does not wait for the JIT; the runtime only
/// uses an image made for its own major version, so that build is chosen only where it matches.
/// TWINSPIN_READYTORUN=0 forces the IL build (to compare, or to rule the images out).
/// </summary>
internal static class EngineDirectory
{
    public const string DisableVariable = "TWINSPIN_READYTORUN";

    public static string Choose(string depsDirectory)
    {
        if (Environment.GetEnvironmentVariable(DisableVariable) == "0")
        {
            return depsDirectory;
        }

        var precompiled = Path.Combine(depsDirectory, "ready", ReadyToRunName());
        return File.Exists(Path.Combine(precompiled, "TwinSpin.Engine.dll")) ? precompiled : depsDirectory;
    }

    /// <summary>"net10.0-linux-x64": the runtime's major version and the portable platform name.</summary>
    public static string ReadyToRunName() => $"net{Environment.Version.Major}.0-{HostPlatform.Rids[0]}";
}
