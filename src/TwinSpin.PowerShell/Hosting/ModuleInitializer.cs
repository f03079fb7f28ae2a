using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace TwinSpin.Hosting;

/// <summary>
/// Runs on every import (in every runspace): hooks the default load context once so that the
/// engine assembly, which is deliberately not next to this one, loads into the private context.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string EngineAssemblyName = "TwinSpin.Engine";
    private static readonly object Gate = new();
    private static EngineLoadContext? s_context;
    private static bool s_hooked;

    public void OnImport()
    {
        lock (Gate)
        {
            if (s_hooked)
            {
                return;
            }

            s_context ??= new EngineLoadContext(EngineDirectory.Choose(Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!, "deps")));
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
            s_hooked = true;
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        lock (Gate)
        {
            AssemblyLoadContext.Default.Resolving -= ResolveEngine;
            s_hooked = false;
        }
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == EngineAssemblyName ? s_context!.LoadFromAssemblyName(name) : null;
}
