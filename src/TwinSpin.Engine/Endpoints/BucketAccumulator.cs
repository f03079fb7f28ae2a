using System.Data.Common;

namespace TwinSpin.Engine.Endpoints;

/// <summary>
/// Groups (bucket, row hash, first key) rows into <see cref="BucketStats"/> as the SQL of
/// <see cref="RangeQueries.BucketStats"/> would: COUNT(*), the row hashes summed modulo 2^64, and MIN/MAX of
/// an integer first key (the only kind value splits use; other keys leave them null).
/// </summary>
internal static class BucketAccumulator
{
    public static async Task<IReadOnlyList<BucketStats>> ReadAsync(DbDataReader reader, int buckets, CancellationToken cancellationToken)
    {
        var rows = new long[buckets];
        var sums = new ulong[buckets];
        var mins = new long[buckets];
        var maxs = new long[buckets];
        var integerKeys = true;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var bucket = (int)reader.GetInt64(0);
            var first = rows[bucket]++ == 0;
            sums[bucket] = unchecked(sums[bucket] + (ulong)reader.GetInt64(1));
            if (!integerKeys || reader.IsDBNull(2) || reader.GetFieldType(2) != typeof(long))
            {
                integerKeys = false;
                continue;
            }

            var key = reader.GetInt64(2);
            mins[bucket] = first || key < mins[bucket] ? key : mins[bucket];
            maxs[bucket] = first || key > maxs[bucket] ? key : maxs[bucket];
        }

        var stats = new List<BucketStats>();
        for (var b = 0; b < buckets; b++)
        {
            if (rows[b] > 0)
            {
                stats.Add(new BucketStats(b, rows[b], sums[b], integerKeys ? mins[b] : null, integerKeys ? maxs[b] : null));
            }
        }

        return stats;
    }
}
