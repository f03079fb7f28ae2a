using System.Management.Automation;
using TwinSpin.Engine.Runner;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>
/// Compares one key range ad hoc, without recording a job, and writes each discrepancy to the
/// pipeline as it is found. Partition objects piped in are re-checked against their job's tables.
/// -From is inclusive and -To exclusive, as partition bounds are.
/// </summary>
[Cmdlet(VerbsData.Compare, "TwinSpinRange", DefaultParameterSetName = EndpointsSet)]
[OutputType(typeof(Discrepancy))]
public sealed class CompareTwinSpinRangeCommand : CompareCmdlet
{
    private const string EndpointsSet = "Endpoints";
    private const string JobSet = "Job";

    [Parameter(ParameterSetName = EndpointsSet, Mandatory = true, Position = 0)]
    [Parameter(ParameterSetName = JobSet)]
    public Endpoint? Source { get; set; }

    [Parameter(ParameterSetName = EndpointsSet, Mandatory = true, Position = 1)]
    [Parameter(ParameterSetName = JobSet)]
    public Endpoint? Target { get; set; }

    /// <summary>Lowest key of the range (inclusive); one value per key column, or a prefix of them.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("LowerBound")]
    public object[]? From { get; set; }

    /// <summary>Key the range stops before (exclusive).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("UpperBound")]
    public object[]? To { get; set; }

    /// <summary>Re-check a range of this stored job: its tables, key and columns are used.</summary>
    [Parameter(ParameterSetName = JobSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public long JobId { get; set; }

    [Parameter(ParameterSetName = JobSet, ValueFromPipelineByPropertyName = true)]
    public long? PartitionId { get; set; }

    [Parameter(ParameterSetName = JobSet, ValueFromPipelineByPropertyName = true)]
    public override string? Store { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var request = ParameterSetName == JobSet ? RequestFromJob() : BuildRequest(Source!, Target!);
            if (request is null)
            {
                return;
            }

            request = request with { Range = new Engine.Partitioning.KeyRange(PipelineObjects.ToBound(From), PipelineObjects.ToBound(To)) };
            long? jobId = ParameterSetName == JobSet ? JobId : null;
            var partitionId = PartitionId;
            var activity = $"TwinSpin: {request.Source} vs {request.Target} {request.Range}";
            RunEngine(async (pump, token) =>
            {
                var listener = new PipelineListener(this, pump, activity, 2, (d, _) => PipelineObjects.ToDiscrepancy(d, jobId, partitionId));
                try
                {
                    return await JobService.CompareAsync(request, listener, token).ConfigureAwait(false);
                }
                finally
                {
                    listener.Complete();
                }
            });
        }
        catch (Exception e) when (e is not PipelineStoppedException and not OperationCanceledException)
        {
            ReportError(e, ParameterSetName == JobSet ? JobId : Source);
        }
    }

    private CompareRequest? RequestFromJob()
    {
        var job = WithStore((store, token) => store.GetJobAsync(JobId, token));
        if (job is null)
        {
            WriteError(Error("JobNotFound", $"Job {JobId} does not exist in the store '{StoreDisplay}'.", ErrorCategory.ObjectNotFound, JobId));
            return null;
        }

        var definition = job.Definition;
        var bound = MyInvocation.BoundParameters;
        var source = Source ?? PipelineObjects.ToEndpoint(definition.Source);
        var target = Target ?? PipelineObjects.ToEndpoint(definition.Target);
        var request = BuildRequest(source, target);
        return request with
        {
            KeyColumns = bound.ContainsKey(nameof(KeyColumn)) ? request.KeyColumns : definition.Plan.KeyColumns.Select(c => c.Name).ToList(),
            Columns = bound.ContainsKey(nameof(Column)) ? request.Columns : definition.Plan.ComparedColumns.Select(c => c.Name).ToList(),
            Where = bound.ContainsKey(nameof(Where)) ? request.Where : definition.Where,
            ColumnMap = bound.ContainsKey(nameof(ColumnMap)) ? request.ColumnMap
                : definition.Plan.AllColumns.Where(c => c.Source.Name != c.Target.Name).ToDictionary(c => c.Source.Name, c => c.Target.Name),
            IgnoreCaseColumns = bound.ContainsKey(nameof(IgnoreCaseColumn)) ? request.IgnoreCaseColumns
                : definition.Plan.AllColumns.Where(c => c.Rules.IgnoreCase).Select(c => c.Name).ToList(),
            TrimColumns = bound.ContainsKey(nameof(TrimColumn)) ? request.TrimColumns
                : definition.Plan.AllColumns.Where(c => c.Rules.Trim).Select(c => c.Name).ToList(),
            EmptyStringAsNull = bound.ContainsKey(nameof(EmptyStringAsNull)) ? request.EmptyStringAsNull
                : definition.Plan.AllColumns.Any(c => c.Rules.EmptyAsNull),
            Tolerances = bound.ContainsKey(nameof(Tolerance)) ? request.Tolerances
                : definition.Plan.AllColumns.Where(c => c.Rules.Tolerance is not null).ToDictionary(c => c.Name, c => c.Rules.Tolerance!.Value),
            Options = new JobOptions
            {
                Strategy = bound.ContainsKey(nameof(Strategy)) ? request.Options.Strategy : definition.Options.Strategy,
                PartitionRowThreshold = bound.ContainsKey(nameof(PartitionRowThreshold)) ? PartitionRowThreshold : definition.Options.PartitionRowThreshold,
                MaxDepth = bound.ContainsKey(nameof(MaxDepth)) ? MaxDepth : definition.Options.MaxDepth,
                FanOut = bound.ContainsKey(nameof(FanOut)) ? FanOut : definition.Options.FanOut,
                Parallelism = bound.ContainsKey(nameof(Parallelism)) ? Parallelism : definition.Options.Parallelism,
                PortableHash = bound.ContainsKey(nameof(PortableHash)) ? PortableHash.IsPresent : definition.Options.PortableHash,
                // Partition bounds of a job are only meaningful under the job's own partitioning.
                KeyPartitioning = bound.ContainsKey(nameof(KeyPartitioning)) ? request.Options.KeyPartitioning
                    : definition.Plan.HashPartitioned ? Engine.Runner.KeyPartitioning.Hash : Engine.Runner.KeyPartitioning.Range,
            },
        };
    }
}
