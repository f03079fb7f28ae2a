using System.Diagnostics;
using Apache.Arrow;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Runner;

/// <summary>Fetches leaves' rows into Arrow batches, both sides at once, and diffs them field by field.</summary>
internal sealed class LeafFetcher(RunContext run)
{
    /// <summary>
    /// Fetches one leaf and settles it. False, with nothing fetched kept, when the leaf is a range cut without
    /// counting that holds more than the memory bound (MaxLeafRows): it must be counted and split first.
    /// </summary>
    public async Task<bool> FetchAsync(RangeNode leaf, SessionPair pair, DateTime started, CancellationToken cancellationToken)
    {
        var maxRows = leaf.Counted && !leaf.RowsEstimated ? int.MaxValue : run.Options.MaxLeafRows;
        var fetching = Stopwatch.StartNew();
        var (sourceRows, targetRows) = await pair.BothAsync(side => side.FetchAsync(leaf.Range, maxRows, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (sourceRows is null || targetRows is null)
        {
            sourceRows?.Dispose();
            targetRows?.Dispose();
            return false;
        }

        using (sourceRows)
        using (targetRows)
        {
            run.Tuner.ObserveFetch(Math.Max(sourceRows.Length, targetRows.Length), fetching.Elapsed);
            DiffLeaf(leaf, sourceRows, targetRows, started);
        }

        return true;
    }

    /// <summary>Fetches several leaves in one query per side and diffs each on its own rows.</summary>
    public async Task FetchAsync(List<RangeNode> leaves, SessionPair pair, DateTime started, CancellationToken cancellationToken)
    {
        var ranges = leaves.Select(l => l.Range).ToList();
        var fetchStarted = DateTime.UtcNow;
        var fetching = Stopwatch.StartNew();
        var (source, target) = await pair.BothAsync(side => side.FetchRangesAsync(ranges, cancellationToken), cancellationToken).ConfigureAwait(false);
        run.Tuner.ObserveFetch(Math.Max(source.Rows.Length, target.Rows.Length) / leaves.Count, fetching.Elapsed / leaves.Count);
        ForEachGroup(source, target, (i, sourceRows, targetRows) => DiffLeaf(leaves[i], sourceRows, targetRows, i == 0 ? started : fetchStarted));
    }

    /// <summary>Diffs rows of a leaf (all of them, or those that differ) and settles it with what they hold.</summary>
    public void FinishDiffed(RangeNode leaf, RecordBatch sourceRows, RecordBatch targetRows, DateTime started)
    {
        run.Counters.Fetched(sourceRows.Length + targetRows.Length);
        var found = BatchDiffer.Diff(sourceRows, targetRows, run.Plan);
        run.Ledger.Finish(leaf, found.Count > 0 ? PartitionStatus.Mismatched : PartitionStatus.Matched, started, found);
    }

    /// <summary>Each group's rows of a grouped fetch on both sides (a group's rows come together, groups in order),
    /// given to <paramref name="diff"/> one group at a time; the batches are disposed after.</summary>
    public static void ForEachGroup((RecordBatch Rows, int[] Counts) source, (RecordBatch Rows, int[] Counts) target,
        Action<int, RecordBatch, RecordBatch> diff)
    {
        using var sourceRows = source.Rows;
        using var targetRows = target.Rows;
        int sourceOffset = 0, targetOffset = 0;
        for (var i = 0; i < source.Counts.Length; i++)
        {
            using var sourceSlice = sourceRows.SliceShared(sourceOffset, source.Counts[i]);
            using var targetSlice = targetRows.SliceShared(targetOffset, target.Counts[i]);
            sourceOffset += source.Counts[i];
            targetOffset += target.Counts[i];
            diff(i, sourceSlice, targetSlice);
        }
    }

    /// <summary>Diffs a leaf's rows of both sides and settles it with what they hold.</summary>
    private void DiffLeaf(RangeNode leaf, RecordBatch sourceRows, RecordBatch targetRows, DateTime started)
    {
        leaf.SourceRows = sourceRows.Length;
        leaf.TargetRows = targetRows.Length;
        run.Ledger.CountsKnown(leaf);
        FinishDiffed(leaf, sourceRows, targetRows, started);
    }
}
