namespace TwinSpin.Engine.Reports;

public enum ReportFormat
{
    /// <summary>One row per differing field (one per missing row), key columns under their own names.</summary>
    Csv,
    /// <summary>One document: the job, its partition tree and every discrepancy.</summary>
    Json,
    /// <summary>One self-contained page: summary, expandable tree, highlighted diffs, a filter box.</summary>
    Html,
}
