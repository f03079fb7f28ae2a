namespace TwinSpin.Engine.Sampling;

/// <summary>
/// The database's own page sampling (<see cref="Endpoints.SqlDialect.TableSampleClause"/>: PostgreSQL and DB2
/// <c>TABLESAMPLE SYSTEM (p) REPEATABLE (seed)</c>, Oracle <c>SAMPLE BLOCK (p) SEED (seed)</c>) reads about p percent of the
/// table's pages, chosen from the statistics' row count so that about 1.25 times the size comes back, and keeps
/// <c>Size</c> of those keys by seeded hash (<see cref="KeyPriority"/>). Too few (a filter, stale statistics): the
/// percentage grows and the query runs again, up to the whole table. Whole pages are drawn, so rows stored together are
/// sampled together: differences clustered by storage (one bad load) make the bound optimistic.
/// </summary>
internal sealed class TableSampleSampler(long tableRows) : IKeySampler
{
    private const double Oversample = 1.25;

    public SampleMethod Method => SampleMethod.TableSample;

    public async Task<List<object[]>> DrawAsync(SampleDraw draw, CancellationToken cancellationToken)
    {
        var percent = Math.Min(100, 100.0 * draw.Size * Oversample / Math.Max(1, tableRows));
        while (true)
        {
            var clause = draw.Session.Dialect.TableSampleClause(percent, draw.Seed)!;
            var kept = new KeyPriority(draw.Seed, draw.Size);
            await draw.RunAsync(draw.Queries.TableSampleKeys(clause), draw.KeyCount, kept.Offer, cancellationToken).ConfigureAwait(false);
            var keys = kept.Keys();
            draw.Report(keys.Count);
            if (keys.Count >= draw.Size || percent >= 100)
            {
                return keys;
            }

            percent = Math.Min(100, percent * Math.Max(2, Oversample * draw.Size / Math.Max(1, kept.Offered)));
        }
    }
}
