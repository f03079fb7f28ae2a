using System.Management.Automation;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using TwinSpin.Engine.Views;
using TwinSpin.Hosting;
using TwinSpin.Views;

namespace TwinSpin.Commands;

/// <summary>A diff viewer: each discrepancy with its key and, field by field, the source value above the target value,
/// the differing characters highlighted.</summary>
[Cmdlet(VerbsCommon.Show, "TwinSpinDiscrepancy", DefaultParameterSetName = "Object")]
[OutputType(typeof(string))]
public sealed class ShowTwinSpinDiscrepancyCommand : TwinSpinCmdlet
{
    /// <summary>Discrepancies from Get-TwinSpinDiscrepancy or Compare-TwinSpinRange.</summary>
    [Parameter(ParameterSetName = "Object", Mandatory = true, ValueFromPipeline = true)]
    public Discrepancy[] InputObject { get; set; } = [];

    [Parameter(ParameterSetName = "Job", Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public long JobId { get; set; }

    [Parameter(ParameterSetName = "Job")]
    [ValidateSet("MissingInTarget", "MissingInSource", "ValueMismatch", "DuplicateKey", IgnoreCase = true)]
    public string[]? Type { get; set; }

    [Parameter(ParameterSetName = "Job")]
    [ValidateRange(1, int.MaxValue)]
    public int? First { get; set; }

    /// <summary>Equal characters kept on each side of a difference in a long value; the rest is elided.</summary>
    [Parameter]
    [ValidateRange(0, 10000)]
    public int Context { get; set; } = 20;

    [Parameter]
    public SwitchParameter NoColor { get; set; }

    /// <summary>For rows missing on one side, read the row that exists from its database (the store keeps only keys).</summary>
    [Parameter]
    public SwitchParameter Row { get; set; }

    /// <summary>The password (and user) for -Row when the job's stored endpoints withheld one.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The job store; piped discrepancies bring their own (their Store property).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public override string? Store { get; set; }

    private ConsoleStyle? _style;

    /// <summary>With -Row: discrepancies waiting for their rows, read in batches.</summary>
    private readonly List<(Discrepancy Discrepancy, string Store)> _pending = [];

    private readonly Dictionary<(string Store, long JobId), JobRecord?> _jobs = [];

    private bool _rowsFailed;

    private ConsoleStyle Style => _style ??= ConsoleStyle.For(this, NoColor);

    protected override void ProcessRecord()
    {
        if (ParameterSetName == "Object")
        {
            foreach (var discrepancy in InputObject)
            {
                Write(discrepancy, StoreLocation);
            }

            return;
        }

        try
        {
            var query = new DiscrepancyQuery(JobId)
            {
                Types = (Type ?? []).Select(t => Enum.Parse<DiscrepancyType>(t, ignoreCase: true)).ToList(),
                First = First,
            };
            var location = StoreLocation;
            if (!StreamDiscrepancies(location, query, batch => batch.ForEach(d => Write(d, location))))
            {
                WriteError(Error("JobNotFound", $"Job {JobId} does not exist in the store '{StoreDisplay}'.", ErrorCategory.ObjectNotFound, JobId));
            }
        }
        catch (Exception e) when (e is not PipelineStoppedException)
        {
            ReportError(e, JobId);
        }
    }

    protected override void EndProcessing()
    {
        Flush();
        base.EndProcessing();
    }

    private void Write(Discrepancy discrepancy, string store)
    {
        if (Row && discrepancy.Type is "MissingInTarget" or "MissingInSource" && discrepancy.JobId is not null)
        {
            _pending.Add((discrepancy, store));
            if (_pending.Count >= 200)
            {
                Flush();
            }

            return;
        }

        Flush(); // keep the order discrepancies came in
        WriteLines(discrepancy, null);
    }

    private void WriteLines(Discrepancy discrepancy, IReadOnlyList<(string Column, object? Value)>? row)
    {
        foreach (var line in DiscrepancyText.Lines(discrepancy, Style, Context, row))
        {
            WriteObject(line);
        }
    }

    /// <summary>Reads the existing rows of the pending missing-row discrepancies, one query per job and side per batch,
    /// then writes them. A side that cannot be read is one error; its discrepancies are still shown, by key.</summary>
    private void Flush()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var pending = _pending.ToList();
        _pending.Clear();
        var rows = new Dictionary<(string, long, string), IReadOnlyList<(string, object?)>>();
        var byJobAndSide = pending.GroupBy(p => (p.Store, JobId: p.Discrepancy.JobId!.Value,
            Side: p.Discrepancy.Type == "MissingInTarget" ? Side.Source : Side.Target));
        foreach (var group in byJobAndSide)
        {
            try
            {
                var job = JobFor(group.Key.Store, group.Key.JobId);
                if (job is null || _rowsFailed)
                {
                    continue;
                }

                var keys = group.Select(p => p.Discrepancy.Key.Values.Cast<object>().ToArray()).ToList();
                var endpoints = new ResumeEndpoints { UserName = Credential?.UserName, Password = Credential?.GetNetworkCredential().Password };
                var found = RunEngine((_, token) => JobRowReader.ReadAsync(job, endpoints, group.Key.Side, keys, token));
                foreach (var (key, row) in found)
                {
                    rows[(group.Key.Store, group.Key.JobId, key)] = row;
                }
            }
            catch (Exception e) when (e is not PipelineStoppedException)
            {
                _rowsFailed = true; // one error, not one per batch
                WriteError(ToErrorRecord(e, group.Key.JobId, DisplayOf(group.Key.Store)));
            }
        }

        foreach (var (discrepancy, store) in pending)
        {
            var key = JobRowReader.KeyText(discrepancy.Key.Values.Cast<object?>().ToList());
            WriteLines(discrepancy, rows.TryGetValue((store, discrepancy.JobId!.Value, key), out var row) ? row : null);
        }
    }

    /// <summary>The job a discrepancy came from, read once per store and id; null when it is gone (its rows then cannot be read).</summary>
    private JobRecord? JobFor(string location, long jobId)
    {
        if (!_jobs.TryGetValue((location, jobId), out var job))
        {
            _jobs[(location, jobId)] = job = RunEngine(async (_, token) =>
            {
                await using var store = await JobStores.OpenAsync(location, mustExist: true, token).ConfigureAwait(false);
                return await store.GetJobAsync(jobId, token).ConfigureAwait(false);
            });
        }

        return job;
    }
}
