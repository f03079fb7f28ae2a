using System.Management.Automation;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>Describes one side of a comparison: a provider, a connection string and a table.</summary>
[Cmdlet(VerbsCommon.New, "TwinSpinEndpoint")]
[OutputType(typeof(Endpoint))]
public sealed class NewTwinSpinEndpointCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public Provider Provider { get; set; }

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Table name, optionally schema-qualified (schema.table).</summary>
    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Table { get; set; } = string.Empty;

    /// <summary>User name and password, kept out of the connection string you type and of everything TwinSpin stores or shows.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>A SQL condition that limits the rows of this side.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Where { get; set; }

    /// <summary>Odbc: the SQL dialect of the database behind the driver. Default: detected from the driver.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("PostgreSql", "MariaDb", "Sqlite", "Db2", "Db2zOS", "Oracle", IgnoreCase = true)]
    public string? Dialect { get; set; }

    /// <summary>Db2 and Oracle: the driver assembly (IBM.Data.Db2.dll, Oracle.ManagedDataAccess.dll) to load.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? DriverPath { get; set; }

    protected override void ProcessRecord()
    {
        string connectionString;
        try
        {
            connectionString = Provider == Provider.Sqlite ? ResolveSqlitePath(ConnectionString) : ConnectionString;
            // Every provider's string is key=value pairs: one that cannot be parsed is reported here, not when connecting.
            _ = new System.Data.Common.DbConnectionStringBuilder(useOdbcRules: Provider == Provider.Odbc) { ConnectionString = connectionString };
            if (Credential is not null)
            {
                connectionString = ConnectionStrings.WithCredential(Enum.Parse<ProviderKind>(Provider.ToString()), connectionString,
                    Credential.UserName, Credential.GetNetworkCredential().Password);
            }
        }
        catch (ArgumentException)
        {
            // The parser's message quotes the string, secrets included: say only what is wrong.
            WriteError(TwinSpinCmdlet.Error("InvalidConnectionString",
                "The connection string is not valid: it must be 'key=value' pairs separated by ';' (quote values that contain ';' or '=').",
                ErrorCategory.InvalidArgument, Table));
            return;
        }

        var driverPath = DriverPath is null ? null : GetUnresolvedProviderPathFromPSPath(DriverPath);
        WriteObject(new Endpoint(Provider, connectionString, ConnectionStrings.Redact(connectionString, Provider == Provider.Odbc ? true : null), Table, Where, Dialect, driverPath));
    }

    /// <summary>A relative SQLite 'Data Source' means relative to the PowerShell location, not the process directory.</summary>
    private string ResolveSqlitePath(string connectionString)
    {
        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (var key in new[] { "Data Source", "DataSource", "Filename" })
        {
            if (builder.TryGetValue(key, out var value) && value is string path && path.Length > 0 &&
                path != ":memory:" && !path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                builder[key] = GetUnresolvedProviderPathFromPSPath(path);
            }
        }

        return builder.ConnectionString;
    }
}
