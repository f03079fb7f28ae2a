using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using System.Runtime.Loader;

namespace TwinSpin.Engine.Endpoints.Drivers;

/// <summary>
/// Finds a driver's <see cref="DbProviderFactory"/> at run time, because the DB2 and Oracle drivers
/// cannot be restored with the engine. Looks, in order, in the endpoint's driver path (the assembly
/// file or a folder holding it), in the driver's environment variable, and among the assemblies
/// already loaded in the process. A path that is given but wrong is an error, never skipped: falling
/// back silently would hide a typo behind some other copy of the driver.
/// </summary>
public static class DriverLoader
{
    private static readonly ConcurrentDictionary<string, DbProviderFactory> Loaded = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, bool> ProbedDirectories = new(StringComparer.Ordinal);

    /// <summary>The engine's own load context: drivers load next to the engine's other dependencies.</summary>
    private static AssemblyLoadContext EngineContext =>
        AssemblyLoadContext.GetLoadContext(typeof(DriverLoader).Assembly) ?? AssemblyLoadContext.Default;

    public static DbProviderFactory Load(DriverSpec driver, string? driverPath)
    {
        if (!string.IsNullOrWhiteSpace(driverPath))
        {
            return FromPath(driver, driverPath, "-DriverPath");
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(driver.EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return FromPath(driver, fromEnvironment, "the environment variable " + driver.EnvironmentVariable);
        }

        return FromLoadedAssemblies(driver) ?? throw NotFound(driver,
            $"No {driver.ProviderName} driver was given: -DriverPath is not set, {driver.EnvironmentVariable} is not set, " +
            $"and no assembly loaded in this process defines {driver.FactoryTypeName}.");
    }

    private static DbProviderFactory FromPath(DriverSpec driver, string path, string origin)
    {
        var full = Path.GetFullPath(Environment.ExpandEnvironmentVariables(path.Trim()));
        var file = Directory.Exists(full) ? Path.Combine(full, driver.AssemblyFileName) : full;
        if (!File.Exists(file))
        {
            var what = Directory.Exists(full) ? $"the folder {full} does not contain {driver.AssemblyFileName}" : $"{full} does not exist";
            throw NotFound(driver, $"The {driver.ProviderName} driver given by {origin} was not found: {what}.");
        }

        return Loaded.GetOrAdd(file + "|" + driver.FactoryTypeName, _ =>
        {
            var assembly = LoadAssembly(file, driver, origin);
            var type = assembly.GetType(driver.FactoryTypeName, throwOnError: false)
                ?? throw NotFound(driver, $"{file} (given by {origin}) does not define {driver.FactoryTypeName}: is it the right driver assembly?");
            return Instance(type, driver);
        });
    }

    private static Assembly LoadAssembly(string file, DriverSpec driver, string origin)
    {
        try
        {
            var context = EngineContext;
            var name = AssemblyName.GetAssemblyName(file);
            // A context holds one assembly per name: reuse the copy already there (loading the same name
            // again from another path throws).
            var existing = context.Assemblies.FirstOrDefault(a => string.Equals(a.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase));
            if (existing is not null)
            {
                return existing;
            }

            ResolveDependenciesFrom(context, Path.GetDirectoryName(file)!);
            return context.LoadFromAssemblyPath(file);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException)
        {
            throw NotFound(driver, $"{file} (given by {origin}) could not be loaded as a .NET assembly: {e.Message}", e);
        }
    }

    /// <summary>A driver's own dependencies (and its native libraries) live next to it, not in the engine's deps/.</summary>
    private static void ResolveDependenciesFrom(AssemblyLoadContext context, string directory)
    {
        if (!ProbedDirectories.TryAdd(context.Name + "|" + directory, true))
        {
            return;
        }

        context.Resolving += (resolvingContext, name) =>
        {
            var candidate = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(candidate) ? resolvingContext.LoadFromAssemblyPath(candidate) : null;
        };
        context.ResolvingUnmanagedDll += (_, library) =>
        {
            foreach (var candidate in NativeCandidates(directory, library))
            {
                if (File.Exists(candidate))
                {
                    return System.Runtime.InteropServices.NativeLibrary.Load(candidate);
                }
            }

            return IntPtr.Zero;
        };
    }

    /// <summary>Where a driver's native library may sit: next to it, or in IBM's clidriver folders.</summary>
    private static IEnumerable<string> NativeCandidates(string directory, string library)
    {
        var names = new[] { library, library + ".dll", "lib" + library + ".so", library + ".so", "lib" + library + ".dylib" };
        foreach (var folder in new[] { directory, Path.Combine(directory, "clidriver", "lib"), Path.Combine(directory, "clidriver", "bin") })
        {
            foreach (var name in names)
            {
                yield return Path.Combine(folder, name);
            }
        }
    }

    private static DbProviderFactory? FromLoadedAssemblies(DriverSpec driver)
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic)
            {
                continue;
            }

            var type = assembly.GetType(driver.FactoryTypeName, throwOnError: false);
            if (type is not null)
            {
                return Instance(type, driver);
            }
        }

        return null;
    }

    /// <summary>ADO.NET factories expose their singleton as a public static Instance field (some as a property).</summary>
    private static DbProviderFactory Instance(Type type, DriverSpec driver)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Static;
        var value = type.GetField("Instance", flags)?.GetValue(null) ?? type.GetProperty("Instance", flags)?.GetValue(null);
        return value as DbProviderFactory
            ?? throw NotFound(driver, $"{type.FullName} in {type.Assembly.Location} has no static Instance that is a DbProviderFactory.");
    }

    private static TwinSpinException NotFound(DriverSpec driver, string problem, Exception? inner = null) =>
        new(ErrorCode.DriverNotFound, $"{problem} {driver.InstallHint} {driver.PointHint}", inner) { Target = driver.ProviderName };
}
