namespace TwinSpin.Engine.Store;

/// <summary>Finds and opens the job store a cmdlet should use.</summary>
public static class JobStores
{
    public const string EnvironmentVariable = "TWINSPIN_STORE";

    /// <summary>-Store if given, else $env:TWINSPIN_STORE, else ~/.twinspin/twinspin.db.</summary>
    public static string ResolveLocation(string? explicitLocation)
    {
        if (!string.IsNullOrWhiteSpace(explicitLocation))
        {
            return explicitLocation;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".twinspin", "twinspin.db");
    }

    public static async Task<IJobStore> OpenAsync(string location, CancellationToken cancellationToken) =>
        await SqliteJobStore.OpenAsync(location, cancellationToken).ConfigureAwait(false);
}
