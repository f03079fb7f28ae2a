using System.Management.Automation;
using TwinSpin.Engine.Runner;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>
/// Runs, against one endpoint, the checks a job relies on (connection, table and key columns, NULL and
/// duplicated keys, the hash contract on a sample, the row estimate) and returns them as one object. A
/// failed check is a property and a Problems entry, never an error: only invalid parameters are errors.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "TwinSpinEndpoint")]
[OutputType(typeof(EndpointTest))]
public sealed class TestTwinSpinEndpointCommand : TwinSpinCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public Endpoint Endpoint { get; set; } = null!;

    /// <summary>Key columns in key order. Default: the table's primary key.</summary>
    [Parameter]
    [Alias("KeyColumns")]
    public string[]? KeyColumn { get; set; }

    [Parameter]
    public string[]? Column { get; set; }

    [Parameter]
    public string[]? ExcludeColumn { get; set; }

    /// <summary>Rows read for the key and hash checks: half from the start of the key, half from its end.</summary>
    [Parameter]
    [ValidateRange(1, 100_000)]
    public int SampleRows { get; set; } = 100;

    /// <summary>User name and password to connect with, put into the endpoint's connection string (replacing any it has).</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    protected override void ProcessRecord()
    {
        var spec = PipelineObjects.ToSpec(Endpoint);
        if (Credential is not null)
        {
            spec = spec with
            {
                ConnectionString = Engine.Endpoints.ConnectionStrings.WithCredential(spec.Provider, spec.ConnectionString, Credential.UserName,
                    Credential.GetNetworkCredential().Password),
            };
        }

        var request = new EndpointCheckRequest(spec)
        {
            KeyColumns = KeyColumn ?? [],
            Columns = Column ?? [],
            ExcludeColumns = ExcludeColumn ?? [],
            SampleRows = SampleRows,
        };
        var report = RunEngine((_, token) => EndpointCheck.RunAsync(request, token));
        WriteObject(PipelineObjects.ToEndpointTest(report, Endpoint));
    }
}
