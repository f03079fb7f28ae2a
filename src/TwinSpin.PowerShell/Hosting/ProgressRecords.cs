using System.Globalization;
using System.Management.Automation;
using TwinSpin.Engine.Runner;

namespace TwinSpin.Hosting;

/// <summary>The one way a run's progress becomes a Write-Progress record, for a job being run or being watched.</summary>
internal static class ProgressRecords
{
    public static ProgressRecord For(int activityId, string activity, RunProgress progress)
    {
        var record = new ProgressRecord(activityId, activity, Status(progress)) { PercentComplete = progress.PercentComplete };
        if (progress.Remaining is { } remaining)
        {
            record.SecondsRemaining = (int)Math.Min(int.MaxValue, Math.Ceiling(remaining.TotalSeconds));
        }

        return record;
    }

    public static ProgressRecord Completed(int activityId, string activity) =>
        new(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed };

    private static string Status(RunProgress p) => string.Format(CultureInfo.InvariantCulture,
        "Partitions {0:N0}/{1:N0} | rows {2:N0}/{3:N0} | {4:N0} discrepancies | {5:N0} rows/s",
        p.PartitionsDone, p.PartitionsKnown, p.ProcessedRows, p.TotalRows, p.Discrepancies, p.RowsPerSecond);
}
