namespace TwinSpin.Engine.Store;

/// <summary>Finds and opens the job store a cmdlet should use.</summary>
public static class JobStores
{
    public const string EnvironmentVariable = "TWINSPIN_STORE";

    /// <summary>-Store if given, else $env:TWINSPIN_STORE, else ~/.twinspin/twinspin.db. A -Store that is
    /// the environment's store with its password removed (as jobs carry it) means the environment's store.</summary>
    public static string ResolveLocation(string? explicitLocation)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(explicitLocation))
        {
            return !string.IsNullOrWhiteSpace(fromEnvironment) && IsServer(fromEnvironment) &&
                Endpoints.ConnectionStrings.Redact(fromEnvironment) == explicitLocation
                ? fromEnvironment
                : explicitLocation;
        }

        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".twinspin", "twinspin.db");
    }

    /// <summary>True when the store was named by -Store or the environment rather than defaulted.</summary>
    public static bool IsExplicit(string? explicitLocation) =>
        !string.IsNullOrWhiteSpace(explicitLocation) || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EnvironmentVariable));

    public static async Task<IJobStore> OpenAsync(string location, CancellationToken cancellationToken) =>
        await OpenAsync(location, mustExist: false, cancellationToken).ConfigureAwait(false);

    /// <summary>True for a PostgreSQL connection string ('Host=...;Database=...'), false for a file path.</summary>
    public static bool IsServer(string location) =>
        location.Contains('=', StringComparison.Ordinal) &&
        (location.Contains("host=", StringComparison.OrdinalIgnoreCase) || location.Contains("server=", StringComparison.OrdinalIgnoreCase));

    public static async Task<IJobStore> OpenAsync(string location, bool mustExist, CancellationToken cancellationToken)
    {
        if (IsServer(location))
        {
            return await PostgresJobStore.OpenAsync(location, cancellationToken).ConfigureAwait(false);
        }

        if (mustExist && !File.Exists(location))
        {
            throw new TwinSpinException(ErrorCode.StoreUnavailable,
                $"There is no job store at '{location}'. Check -Store or $env:{EnvironmentVariable}; Start-TwinSpinJob creates a store.") { Target = location };
        }

        return await SqliteJobStore.OpenAsync(location, cancellationToken).ConfigureAwait(false);
    }
}
