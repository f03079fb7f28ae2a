using TwinSpin.Engine.Views;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>The character diff of two values, checked against what any correct diff must satisfy.</summary>
public sealed class ValueDiffTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 25)];

    [Theory]
    [InlineData("0.854563447113411", "2.70912689422682")]
    [InlineData("customer 17 of the source", "client 71 in a target")]
    public void Scattered_matches_between_changes_are_shown_as_one_change(string source, string target)
    {
        var lines = ValueDiff.Characters(source, target);
        foreach (var side in new[] { lines.Source, lines.Target })
        {
            for (var i = 1; i < side.Count - 1; i++)
            {
                Assert.False(side[i].Kind == SegmentKind.Same && side[i].Text.Length < 3, $"'{side[i].Text}' matched between two changes");
            }
        }

        Assert.Equal(source, string.Concat(lines.Source.Select(s => s.Text)));
        Assert.Equal(target, string.Concat(lines.Target.Select(s => s.Text)));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Unelided_segments_rebuild_both_values_and_agree_where_they_are_the_same(int seed)
    {
        var random = new Random(seed);
        var source = RandomText(random, random.Next(0, 60));
        var target = Mutate(random, source);
        var lines = ValueDiff.Characters(source, target, context: 1000);

        Assert.Equal(source, string.Concat(lines.Source.Select(s => s.Text)));
        Assert.Equal(target, string.Concat(lines.Target.Select(s => s.Text)));
        Assert.DoesNotContain(lines.Source, s => s.Kind == SegmentKind.Elided);
        // What is marked the same is one common subsequence of both values.
        Assert.Equal(Same(lines.Source), Same(lines.Target));
        // Nothing is marked changed on a side unless the values differ.
        Assert.Equal(source == target, lines.Source.Concat(lines.Target).All(s => s.Kind == SegmentKind.Same));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Long_values_keep_every_difference_and_only_the_context_around_them(int seed)
    {
        var random = new Random(seed);
        var source = RandomText(random, 2000 + random.Next(2000));
        var chars = source.ToCharArray();
        var changes = random.Next(1, 4);
        for (var i = 0; i < changes; i++)
        {
            var at = random.Next(chars.Length);
            chars[at] = chars[at] == 'Z' ? 'Y' : 'Z';
        }

        var target = new string(chars);
        const int context = 10;
        var lines = ValueDiff.Characters(source, target, context);
        foreach (var side in new[] { lines.Source, lines.Target })
        {
            Assert.Contains(side, s => s.Kind == SegmentKind.Changed);
            Assert.Contains(side, s => s.Kind == SegmentKind.Elided);
            var changedRuns = side.Count(s => s.Kind == SegmentKind.Changed);
            Assert.True(side.Where(s => s.Kind == SegmentKind.Same).Sum(s => s.Text.Length) <= changedRuns * 2 * context + 2 * ValueDiff.Ellipsis.Length * changedRuns,
                "only the context around the differences is kept");
        }

        // Same context on both sides: the visible text is equal outside the changes.
        Assert.Equal(Same(lines.Source), Same(lines.Target));
    }

    [Fact]
    public void A_changed_word_is_marked_on_both_sides()
    {
        var lines = ValueDiff.Characters("'closed'", "'active'");
        Assert.Equal(SegmentKind.Same, lines.Source[0].Kind);
        Assert.StartsWith("'", lines.Source[0].Text);
        Assert.Contains(lines.Source, s => s.Kind == SegmentKind.Changed);
        Assert.Contains(lines.Target, s => s.Kind == SegmentKind.Changed);
        Assert.Equal("'closed'", string.Concat(lines.Source.Select(s => s.Text)));
    }

    private static string Same(IEnumerable<TextSegment> segments) =>
        string.Concat(segments.Where(s => s.Kind != SegmentKind.Changed).Select(s => s.Text));

    private static string RandomText(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => "abcde fgh'é€\t"[random.Next(13)]).ToArray());

    /// <summary>Random insertions, deletions and substitutions.</summary>
    private static string Mutate(Random random, string text)
    {
        var chars = text.ToList();
        for (var edits = random.Next(0, 5); edits > 0; edits--)
        {
            var at = random.Next(chars.Count + 1);
            switch (random.Next(3))
            {
                case 0: chars.Insert(at, 'X'); break;
                case 1 when at < chars.Count: chars.RemoveAt(at); break;
                default: if (at < chars.Count) { chars[at] = 'Q'; } break;
            }
        }

        return new string(chars.ToArray());
    }
}
