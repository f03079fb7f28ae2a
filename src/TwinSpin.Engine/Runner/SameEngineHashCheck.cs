using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Hashing;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// Decides whether a pair may checksum ranges with its engine's own cheaper row hash instead of the portable
/// contract. Both sides must be the same engine with the same hash, every column must have the same declared
/// type on both sides and no comparison rule (rules are applied only by the contract's SQL), and on sampled
/// rows that the engine finds equal on both sides, the two databases must compute the same hash: a server
/// setting that changes a value's text form would otherwise make every range look different.
/// A native hash can only err towards fetching: equal hashes come from identical stored values.
/// </summary>
public static class SameEngineHashCheck
{
    public static bool IsCandidate(ComparePlan plan, SqlDialect source, SqlDialect target) =>
        source.NativeHashName is { } name && name == target.NativeHashName &&
        plan.AllColumns.All(c => c.Rules.IsExact && string.Equals(c.Source.DeclaredType, c.Target.DeclaredType, StringComparison.OrdinalIgnoreCase));

    /// <summary>Samples both ends of the key on both sides and checks the rows present and engine-equal on both.</summary>
    public static async Task<SameEngineVerdict> RunAsync(EndpointSession source, EndpointSession target, int sampleRows, CancellationToken cancellationToken)
    {
        var half = Math.Max(1, sampleRows / 2);
        var samples = new List<RowSample>();
        try
        {
            foreach (var lastRows in new[] { false, true })
            {
                samples.Add(await source.NativeHashSampleAsync(half, lastRows, cancellationToken).ConfigureAwait(false));
                samples.Add(await target.NativeHashSampleAsync(half, lastRows, cancellationToken).ConfigureAwait(false));
            }

            return Check([samples[0], samples[2]], [samples[1], samples[3]], source.Plan);
        }
        catch (TwinSpinException e) when (e.Code == ErrorCode.QueryFailed)
        {
            // An older server without one of the hash functions: the portable contract still works.
            return new SameEngineVerdict(false, 0, null) { Failure = e.Message };
        }
        finally
        {
            samples.ForEach(s => s.Dispose());
        }
    }

    public static SameEngineVerdict Check(IReadOnlyList<RowSample> source, IReadOnlyList<RowSample> target, ComparePlan plan)
    {
        var targetRows = Rows(target, plan);
        var proven = 0;
        foreach (var (key, (engineHash, nativeHash)) in Rows(source, plan))
        {
            if (!targetRows.TryGetValue(key, out var other) || other.EngineHash != engineHash)
            {
                continue; // missing or different on the target: says nothing about the hash
            }

            if (other.NativeHash != nativeHash)
            {
                return new SameEngineVerdict(false, proven, key);
            }

            proven++;
        }

        return new SameEngineVerdict(proven > 0, proven, null);
    }

    /// <summary>Each sampled row by its key's canonical text: the engine's canonical hash of its values and the database's native hash.</summary>
    private static Dictionary<string, (ulong EngineHash, ulong NativeHash)> Rows(IReadOnlyList<RowSample> samples, ComparePlan plan)
    {
        var rows = new Dictionary<string, (ulong, ulong)>(StringComparer.Ordinal);
        var writer = new CanonicalRowWriter();
        foreach (var sample in samples)
        {
            for (var row = 0; row < sample.Length; row++)
            {
                writer.Reset();
                for (var c = 0; c < plan.KeyCount; c++)
                {
                    ArrowValues.AppendCanonical(sample.Values.Column(c), row, writer);
                }

                var key = writer.Text;
                writer.Reset();
                for (var c = 0; c < plan.AllColumns.Count; c++)
                {
                    ArrowValues.AppendCanonical(sample.Values.Column(c), row, plan.AllColumns[c].Rules, writer);
                }

                rows[key] = (writer.Hash(), sample.Hashes[row].RowHash);
            }
        }

        return rows;
    }
}

/// <summary>Whether the native hash may be used, on how many engine-equal sampled rows the two sides agreed,
/// and the key (canonical text) of the first row where they did not.</summary>
public sealed record SameEngineVerdict(bool Usable, int AgreeingRows, string? DisagreeingKey)
{
    /// <summary>Why the hash could not even be computed (a query error), if so.</summary>
    public string? Failure { get; init; }
}
