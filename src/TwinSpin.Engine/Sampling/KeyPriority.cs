using System.IO.Hashing;
using System.Text;
using TwinSpin.Engine.Runner;

namespace TwinSpin.Engine.Sampling;

/// <summary>
/// Keeps the <c>k</c> keys of smallest seeded hash among those offered (bottom-k sampling): a uniform sample without
/// replacement of what was offered, the same for one seed whatever order the database returns the keys in.
/// </summary>
internal sealed class KeyPriority(int seed, int k)
{
    private readonly PriorityQueue<object[], ulong> _kept = new(Comparer<ulong>.Create((a, b) => b.CompareTo(a))); // largest on top
    private readonly HashSet<string> _texts = new(StringComparer.Ordinal);

    public int Offered { get; private set; }

    public void Offer(object[] key)
    {
        Offered++;
        var text = KeyText(key);
        var priority = Priority(seed, text);
        if (_kept.Count == k && (!_kept.TryPeek(out _, out var largest) || priority >= largest))
        {
            return;
        }

        if (!_texts.Add(text))
        {
            return; // the same key offered twice (a page read twice) counts once
        }

        _kept.Enqueue(key, priority);
        if (_kept.Count > k)
        {
            _texts.Remove(KeyText(_kept.Dequeue()));
        }
    }

    /// <summary>The kept keys, in ascending priority (a stable order for one seed).</summary>
    public List<object[]> Keys()
    {
        var ordered = _kept.UnorderedItems.OrderBy(e => e.Priority).Select(e => e.Element).ToList();
        return ordered;
    }

    public static string KeyText(object[] key) => JobRowReader.KeyText(key);

    public static ulong Priority(int seed, string keyText) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(keyText), seed);
}
