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

    /// <summary>A SQL condition that limits the rows of this side.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Where { get; set; }

    protected override void ProcessRecord()
    {
        var connectionString = Provider == Provider.Sqlite ? ResolveSqlitePath(ConnectionString) : ConnectionString;
        WriteObject(new Endpoint(Provider, connectionString, ConnectionStrings.Redact(connectionString), Table, Where));
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
