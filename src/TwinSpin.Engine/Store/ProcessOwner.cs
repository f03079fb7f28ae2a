using System.Diagnostics;
using System.Globalization;

namespace TwinSpin.Engine.Store;

/// <summary>
/// Which process runs a job: "host:pid:start", stored with the job. On the same host a reader can tell at once
/// that the process is gone (killed, the machine rebooted), instead of waiting for the heartbeat to go stale;
/// the start time tells a reused pid from the original.
/// </summary>
public static class ProcessOwner
{
    public static string Current { get; } = Describe(Process.GetCurrentProcess());

    /// <summary>True only when the owner is known to be on this host and its process no longer runs.</summary>
    public static bool IsGone(string? owner)
    {
        if (owner?.Split(':') is not [var host, var pidText, var startText] || host != Environment.MachineName ||
            !int.TryParse(pidText, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited || !long.TryParse(startText, CultureInfo.InvariantCulture, out var start) ||
                Math.Abs(StartTicks(process) - start) > TimeSpan.TicksPerSecond;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
        catch (InvalidOperationException)
        {
            return true; // it exited meanwhile
        }
    }

    /// <summary>"pid N on host": for messages.</summary>
    public static string Display(string? owner) =>
        owner?.Split(':') is [var host, var pid, _] ? $"process {pid} on {host}" : "another process";

    private static string Describe(Process process) =>
        $"{Environment.MachineName}:{process.Id.ToString(CultureInfo.InvariantCulture)}:{StartTicks(process).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Another process reads a start time that differs by milliseconds (it is derived from the boot time,
    /// which each process computes), so start times are compared to the second: a pid reused within the same
    /// second of the original's start is not told apart.</summary>
    private static long StartTicks(Process process) => process.StartTime.ToUniversalTime().Ticks;
}
