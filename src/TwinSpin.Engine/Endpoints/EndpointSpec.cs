namespace TwinSpin.Engine.Endpoints;

/// <summary>One side of a comparison: where the table lives and which rows of it count.</summary>
public sealed record EndpointSpec(ProviderKind Provider, string ConnectionString, string Table, string? Where = null)
{
    /// <summary>ODBC: the SQL dialect of the database behind the driver; detected from the driver when null.</summary>
    public string? Dialect { get; init; }

    /// <summary>DB2 and Oracle: the driver assembly to load; found by other means (environment, already loaded) when null.</summary>
    public string? DriverPath { get; init; }

    /// <summary>A stored endpoint: the keywords whose secret values were removed before it was stored. It cannot
    /// connect until they are given back (Resume-TwinSpinJob -Credential).</summary>
    public IReadOnlyList<string> WithheldSecrets { get; init; } = [];

    /// <summary>The connection string with passwords and tokens removed: the only form that is stored or shown.</summary>
    public string RedactedConnectionString => ConnectionStrings.Redact(ConnectionString, Engines.For(Provider).Credentials.OdbcSyntax);

    public override string ToString() => $"{Provider}:{Table} ({RedactedConnectionString})";
}
