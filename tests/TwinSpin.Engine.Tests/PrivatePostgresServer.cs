using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// A PostgreSQL server of the test's own (initdb in a temporary directory, trust authentication on 127.0.0.1),
/// so a test can stop and start it without disturbing the shared test server. Runs as the 'postgres' user
/// (servers refuse root), with the binaries of the Debian package.
/// </summary>
public sealed class PrivatePostgresServer : IDisposable
{
    private readonly string _bin;
    private readonly string _data;

    public PrivatePostgresServer()
    {
        _bin = Directory.GetDirectories("/usr/lib/postgresql").OrderBy(d => d, StringComparer.Ordinal).Last() + "/bin";
        _data = Path.Combine(Path.GetTempPath(), "twinspin-pgx-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_data);
        Run("chown", "postgres:", _data);
        Port = FreePort();
        AsPostgres($"{_bin}/initdb", "-D", $"{_data}/db", "-U", "twinspin", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        Start();
        ConnectionString = $"Host=127.0.0.1;Port={Port};Username=twinspin;Database=postgres;Pooling=false";
    }

    public int Port { get; }

    public string ConnectionString { get; }

    public void Start() => AsPostgres($"{_bin}/pg_ctl", "-D", $"{_data}/db", "-l", $"{_data}/server.log", "-w", "-t", "60", "start",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {_data} -c fsync=off");

    /// <summary>Stops at once, as a crash or an administrator's immediate shutdown would: clients see their connections drop.</summary>
    public void Stop() => AsPostgres($"{_bin}/pg_ctl", "-D", $"{_data}/db", "-m", "immediate", "-w", "stop");

    public void Dispose()
    {
        try
        {
            Stop();
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }

        Run("rm", "-rf", _data);
    }

    private static void AsPostgres(string command, params string[] arguments) => Run("runuser", ["-u", "postgres", "--", command, .. arguments]);

    private static void Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed: {error.Result}");
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
