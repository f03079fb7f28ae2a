using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// What a resume is given to reach the databases again: whole endpoints that replace the stored ones (same
/// provider and table; a server that moved, say), or a user name and password put back into the stored
/// connection strings that lost a secret when they were stored.
/// </summary>
public sealed record ResumeEndpoints
{
    public EndpointSpec? Source { get; init; }
    public EndpointSpec? Target { get; init; }
    public string? UserName { get; init; }
    public string? Password { get; init; }

    /// <summary>The endpoint to connect with on <paramref name="side"/>, or CredentialRequired naming what to pass.</summary>
    public EndpointSpec Restore(EndpointSpec stored, Side side, long jobId)
    {
        var sideName = side.ToString().ToLowerInvariant();
        if ((side == Side.Source ? Source : Target) is { } given)
        {
            if (given.Provider != stored.Provider || !string.Equals(given.Table, stored.Table, StringComparison.OrdinalIgnoreCase))
            {
                throw new TwinSpinException(ErrorCode.InvalidArgument,
                    $"Job {jobId} compares {stored.Provider} table '{stored.Table}' on the {sideName} side; the -{side} endpoint given is " +
                    $"{given.Provider} table '{given.Table}'. A resumed job keeps its tables: pass an endpoint of the same table.") { Target = given.Table };
            }

            return given with { Table = stored.Table, Where = stored.Where };
        }

        if (stored.WithheldSecrets.Count == 0)
        {
            return stored;
        }

        if (Password is null)
        {
            throw new TwinSpinException(ErrorCode.CredentialRequired,
                $"Job {jobId}'s {sideName} connection ({stored.RedactedConnectionString}) needs its {string.Join(", ", stored.WithheldSecrets)}, " +
                $"which is never stored: pass -Credential (or -{side} with a full endpoint).") { Target = jobId };
        }

        var connectionString = ConnectionStrings.WithCredential(stored.Provider, stored.ConnectionString, UserName, Password, stored.WithheldSecrets[0]);
        return stored with { ConnectionString = connectionString, WithheldSecrets = [] };
    }
}
