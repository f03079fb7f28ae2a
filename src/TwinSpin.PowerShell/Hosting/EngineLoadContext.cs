using System.Reflection;
using System.Runtime.Loader;

namespace TwinSpin.Hosting;

/// <summary>
/// The private load context of the engine: TwinSpin.Engine and its dependencies (Arrow, SQLite, ...)
/// load from deps/, so another module's versions of them never clash with ours. Everything not in
/// deps/ (the BCL, System.Management.Automation, the cmdlets assembly) comes from the default context.
/// </summary>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    private readonly string _directory;
    private readonly AssemblyDependencyResolver? _resolver;
    private readonly Dictionary<string, IntPtr> _nativeHandles = new(StringComparer.Ordinal);

    public EngineLoadContext(string directory) : base("TwinSpin.Engine", isCollectible: false)
    {
        _directory = directory;
        // The engine's deps.json knows the platform-specific builds (runtimes/unix/lib/... for System.Data.Odbc).
        var engine = Path.Combine(directory, "TwinSpin.Engine.dll");
        _resolver = File.Exists(Path.ChangeExtension(engine, ".deps.json")) ? new AssemblyDependencyResolver(engine) : null;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var resolved = _resolver?.ResolveAssemblyToPath(assemblyName);
        if (resolved is not null && File.Exists(resolved))
        {
            return LoadFromAssemblyPath(resolved);
        }

        var path = Path.Combine(_directory, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    /// <summary>Default probing never looks in deps/runtimes/&lt;rid&gt;/native; native SQLite lives there.</summary>
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        lock (_nativeHandles)
        {
            if (_nativeHandles.TryGetValue(unmanagedDllName, out var cached))
            {
                return cached;
            }

            var resolved = _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName);
            foreach (var candidate in resolved is null ? NativeCandidates(unmanagedDllName) : NativeCandidates(unmanagedDllName).Prepend(resolved))
            {
                if (File.Exists(candidate))
                {
                    var handle = LoadUnmanagedDllFromPath(candidate);
                    _nativeHandles[unmanagedDllName] = handle;
                    return handle;
                }
            }
        }

        return IntPtr.Zero; // fall back to the default probing
    }

    private IEnumerable<string> NativeCandidates(string name)
    {
        var (prefix, suffix) = HostPlatform.IsWindows ? ("", ".dll") : HostPlatform.IsMacOS ? ("lib", ".dylib") : ("lib", ".so");
        var file = name.EndsWith(suffix, StringComparison.Ordinal) ? name : prefix + name + suffix;
        foreach (var rid in HostPlatform.Rids)
        {
            yield return Path.Combine(_directory, "runtimes", rid, "native", file);
        }

        yield return Path.Combine(_directory, file);
    }
}
