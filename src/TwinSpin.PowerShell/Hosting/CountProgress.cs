using System.Globalization;
using System.Management.Automation;

namespace TwinSpin.Hosting;

/// <summary>Progress of a count (discrepancies written, statements applied) from the engine's thread, written as
/// Write-Progress on the pipeline thread through the pump; completed when disposed.</summary>
internal sealed class CountProgress(Cmdlet cmdlet, PipelinePump pump, int activityId, string activity, string unit, long total) : IProgress<long>
{
    public void Report(long value) => pump.Post(() => cmdlet.WriteProgress(new ProgressRecord(activityId, activity,
        string.Format(CultureInfo.InvariantCulture, "{0:N0} of {1:N0} {2}", value, total, unit))
    {
        PercentComplete = (int)Math.Min(100, value * 100 / Math.Max(1, total)),
    }));

    /// <summary>Ends the bar; called on the pipeline thread after the work.</summary>
    public static void Complete(Cmdlet cmdlet, int activityId, string activity) =>
        cmdlet.WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
}
