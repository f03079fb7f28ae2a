using System.Data.Common;
using System.Runtime.CompilerServices;
using TwinSpin.Engine.Endpoints.Sqlite;

namespace TwinSpin.Engine.Endpoints;

/// <summary>
/// Groups (bucket, row hash, first key) rows into <see cref="BucketStats"/> as the SQL of
/// <see cref="RangeQueries.BucketStats"/> would: COUNT(*), the row hashes summed modulo 2^64, and MIN/MAX of
/// an integer first key (the only kind value splits use; other keys leave them null).
/// </summary>
internal sealed class BucketAccumulator
{
    private readonly long[] _rows;
    private readonly ulong[] _sums;
    private readonly long[] _mins;
    private readonly long[] _maxs;
    private bool _integerKeys = true;

    private BucketAccumulator(int buckets)
    {
        _rows = new long[buckets];
        _sums = new ulong[buckets];
        _mins = new long[buckets];
        _maxs = new long[buckets];
    }

    public static async Task<IReadOnlyList<BucketStats>> ReadAsync(DbDataReader reader, int buckets, CancellationToken cancellationToken)
    {
        var accumulator = new BucketAccumulator(buckets);
        if (reader is ISynchronousReader { IsSynchronous: true } synchronous)
        {
            return synchronous.ReadSynchronously(() =>
            {
                while (reader.Read())
                {
                    accumulator.Add(reader);
                }

                return accumulator.Stats();
            });
        }

        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            accumulator.Add(reader);
        }

        return accumulator.Stats();
    }

    // Optimized at once: a short job ends before tiered compilation would get to it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Add(DbDataReader reader)
    {
        var bucket = (int)reader.GetInt64(0);
        var first = _rows[bucket]++ == 0;
        _sums[bucket] = unchecked(_sums[bucket] + (ulong)reader.GetInt64(1));
        if (!_integerKeys || reader.IsDBNull(2) || reader.GetFieldType(2) != typeof(long))
        {
            _integerKeys = false;
            return;
        }

        var key = reader.GetInt64(2);
        _mins[bucket] = first || key < _mins[bucket] ? key : _mins[bucket];
        _maxs[bucket] = first || key > _maxs[bucket] ? key : _maxs[bucket];
    }

    private List<BucketStats> Stats()
    {
        var stats = new List<BucketStats>();
        for (var b = 0; b < _rows.Length; b++)
        {
            if (_rows[b] > 0)
            {
                stats.Add(new BucketStats(b, _rows[b], _sums[b], _integerKeys ? _mins[b] : null, _integerKeys ? _maxs[b] : null));
            }
        }

        return stats;
    }
}
