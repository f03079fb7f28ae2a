namespace TwinSpin;

/// <summary>One side of a comparison (TwinSpin.Endpoint). The connection string shown is redacted;
/// the one used to connect is kept out of display and serialization.</summary>
public sealed class Endpoint
{
    internal Endpoint(Provider provider, string connectionString, string redactedConnectionString, string table, string? where,
        string? dialect = null, string? driverPath = null)
    {
        Provider = provider;
        RawConnectionString = connectionString;
        ConnectionString = redactedConnectionString;
        Table = table;
        Where = where;
        Dialect = dialect;
        DriverPath = driverPath;
    }

    public Provider Provider { get; }

    /// <summary>The connection string without passwords or tokens.</summary>
    public string ConnectionString { get; }

    public string Table { get; }

    public string? Where { get; }

    /// <summary>ODBC: the SQL dialect behind the driver ($null: detected when connecting).</summary>
    public string? Dialect { get; }

    /// <summary>DB2 and Oracle: the driver assembly loaded at run time.</summary>
    public string? DriverPath { get; }

    internal string RawConnectionString { get; }

    public override string ToString() => $"{Provider}:{Table}";
}
