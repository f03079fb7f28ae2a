using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// Rows in flight: on a live replica a row changed a second ago differs until replication delivers it. After the run,
/// each of <see cref="JobOptions.RecheckCount"/> passes waits <see cref="JobOptions.RecheckDelay"/>, reads every
/// discrepancy still standing again by key on both sides, and marks those that no longer differ as resolved in flight:
/// kept in the store, left out of the job's count and of the default output. Duplicated keys are never rechecked.
/// </summary>
internal static class InFlightRecheck
{
    /// <summary>Discrepancies rechecked and marked in one go.</summary>
    private const int ChunkSize = 1024;

    public static async Task RunAsync(IJobStore store, long jobId, CompareRequest request, ComparePlan plan, CancellationToken cancellationToken)
    {
        var options = request.Options;
        for (var pass = 0; pass < options.RecheckCount; pass++)
        {
            await Task.Delay(options.RecheckDelay, cancellationToken).ConfigureAwait(false);
            var standing = new List<DiscrepancyRecord>();
            await foreach (var record in store.GetDiscrepanciesAsync(new DiscrepancyQuery(jobId), cancellationToken).ConfigureAwait(false))
            {
                if (record.Discrepancy.Type != DiscrepancyType.DuplicateKey)
                {
                    standing.Add(record);
                }
            }

            if (standing.Count == 0)
            {
                return;
            }

            foreach (var chunk in standing.Chunk(ChunkSize))
            {
                var keys = chunk.Select(r => r.Discrepancy.Key.Select(k => k.Value!).ToArray()).ToList();
                var differing = await KeyRecheck.DiffAsync(request.Source, request.Target, plan, request.Where, keys, cancellationToken).ConfigureAwait(false);
                var stillDiffering = differing.Select(d => KeyText(d.Key)).ToHashSet(StringComparer.Ordinal);
                var resolved = chunk.Where(r => !stillDiffering.Contains(KeyText(r.Discrepancy.Key))).Select(r => r.Id).ToList();
                await store.MarkResolvedAsync(jobId, resolved, DateTime.UtcNow, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string KeyText(IReadOnlyList<KeyPart> key) => JobRowReader.KeyText(key.Select(k => k.Value).ToList());
}
