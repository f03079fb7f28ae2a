using System.Management.Automation;
using TwinSpin.Engine.Sampling;
using TwinSpin.Hosting;

namespace TwinSpin.Commands;

/// <summary>
/// A sampled quick check: compares a random sample of source keys, fetched by key from both sides, and reports the measured
/// difference rate with an exact upper confidence bound. Reads only; nothing is written to the job store.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "TwinSpinSample", DefaultParameterSetName = SizeSet)]
[OutputType(typeof(SampleResult))]
public sealed class TestTwinSpinSampleCommand : ColumnSelectionCmdlet
{
    private const string SizeSet = "Size";
    private const string FractionSet = "Fraction";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public Endpoint Source { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public Endpoint Target { get; set; } = null!;

    /// <summary>Rows to sample. Default: 10,000.</summary>
    [Parameter(ParameterSetName = SizeSet)]
    public int Size { get; set; } = SampleRequest.DefaultSize;

    /// <summary>The share of the source's rows to sample (0 &lt; f ≤ 1), by the table's statistics or a count.</summary>
    [Parameter(ParameterSetName = FractionSet, Mandatory = true)]
    public double Fraction { get; set; }

    /// <summary>Confidence level of the upper bound. Default: 0.95.</summary>
    [Parameter]
    public double Confidence { get; set; } = 0.95;

    /// <summary>Draws the same keys from the same table again. Default: a random seed, shown in the result.</summary>
    [Parameter]
    public int? Seed { get; set; }

    [Parameter]
    public SampleMethod Method { get; set; } = SampleMethod.Auto;

    protected override void ProcessRecord()
    {
        var activity = $"TwinSpin sample: {Source} vs {Target}";
        try
        {
            var request = new SampleRequest(BuildColumnRequest(Source, Target))
            {
                Size = ParameterSetName == FractionSet ? null : Size,
                Fraction = ParameterSetName == FractionSet ? Fraction : null,
                Confidence = Confidence,
                Seed = Seed,
                Method = Enum.Parse<Engine.Sampling.SampleMethod>(Method.ToString()),
            };
            var outcome = RunEngine(async (pump, token) =>
            {
                var progress = new PumpProgress(this, pump, activity);
                try
                {
                    return await SampleService.RunAsync(request, warning => pump.Post(() => WriteWarning(warning)), progress, token).ConfigureAwait(false);
                }
                finally
                {
                    progress.Complete();
                }
            });

            WriteObject(new SampleResult
            {
                Source = Source,
                Target = Target,
                Sampled = outcome.Sampled,
                Differences = outcome.Differences,
                DifferenceRate = outcome.DifferenceRate,
                UpperBound = outcome.UpperBound,
                Confidence = outcome.Confidence,
                Method = outcome.Method.ToString(),
                Seed = outcome.Seed,
                Duration = outcome.Duration,
                Queries = outcome.Queries,
                TableRows = outcome.TableRows,
                Discrepancies = [.. outcome.Discrepancies.Select(d => PipelineObjects.ToDiscrepancy(d, null, null))],
            });
        }
        catch (Exception e) when (e is not PipelineStoppedException and not OperationCanceledException)
        {
            ReportError(e, Source);
        }
    }

    /// <summary>Sampling progress as Write-Progress, posted to the pipeline thread.</summary>
    private sealed class PumpProgress(PSCmdlet cmdlet, PipelinePump pump, string activity) : IProgress<SampleProgress>
    {
        public void Report(SampleProgress value)
        {
            var record = new ProgressRecord(3, activity, value.Total > 0
                ? string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}: {1:N0}/{2:N0}", value.Phase, value.Done, value.Total)
                : string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}: {1:N0} read", value.Phase, value.Done));
            if (value.Total > 0)
            {
                record.PercentComplete = (int)Math.Clamp(100L * value.Done / value.Total, 0, 100);
            }

            pump.Post(() => cmdlet.WriteProgress(record));
        }

        public void Complete() => pump.Post(() => cmdlet.WriteProgress(ProgressRecords.Completed(3, activity)));
    }
}
