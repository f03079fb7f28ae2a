using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using TwinSpin.Benchmarks;

// Floors for build.ps1 -Task Bench (one line of JSON each: {"seconds":..,"rows":..}) and the micro-benchmarks.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: floor-sqlite <a.db> <b.db> | floor-pg-read <conn1> <conn2> | floor-pg-md5 <conn1> <conn2> | pg-create-database <conn> <name> | micro [BenchmarkDotNet args]");
    return 2;
}

switch (args[0])
{
    case "micro":
        BenchmarkSwitcher.FromAssembly(typeof(Floors).Assembly).Run(args[1..]);
        return 0;
    case "pg-sql":
        await Floors.ExecutePostgresAsync(args[1], args[2]);
        return 0;
    case "pg-create-database":
        await Floors.CreatePostgresDatabaseAsync(args[1], args[2]);
        return 0;
    case "floor-sqlite":
    case "floor-pg-read":
    case "floor-pg-md5":
        var watch = Stopwatch.StartNew();
        var rows = args[0] switch
        {
            "floor-sqlite" => Floors.Sqlite(args[1], args[2]),
            "floor-pg-read" => await Floors.PostgresReadAsync(args[1], args[2]),
            _ => await Floors.PostgresMd5Async(args[1], args[2]),
        };
        watch.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"seconds\":{watch.Elapsed.TotalSeconds:F3},\"rows\":{rows}}}"));
        return 0;
    default:
        Console.Error.WriteLine($"Unknown command {args[0]}");
        return 2;
}
