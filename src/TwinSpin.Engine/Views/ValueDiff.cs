using DiffPlex;

namespace TwinSpin.Engine.Views;

public enum SegmentKind
{
    /// <summary>The same on both sides.</summary>
    Same,
    /// <summary>Only on this side: removed from the source or added in the target.</summary>
    Changed,
    /// <summary>A long stretch of equal text left out.</summary>
    Elided,
}

public sealed record TextSegment(SegmentKind Kind, string Text);

/// <summary>Two values as text, each cut into the runs that are the same on both sides and those that differ.</summary>
public sealed record ValueDiffLines(IReadOnlyList<TextSegment> Source, IReadOnlyList<TextSegment> Target);

/// <summary>
/// Character-level differences of two values shown one above the other (DiffPlex computes them). Equal runs
/// longer than twice <c>context</c> characters are elided around the differences, so a one-character change in a
/// 4,000-character text shows as a line.
/// </summary>
public static class ValueDiff
{
    public const string Ellipsis = "…";

    public static ValueDiffLines Characters(string source, string target, int context = 20)
    {
        var result = Differ.Instance.CreateCharacterDiffs(source, target, ignoreWhitespace: false, ignoreCase: false);
        var removed = new bool[source.Length];
        var added = new bool[target.Length];
        foreach (var block in result.DiffBlocks)
        {
            Array.Fill(removed, true, block.DeleteStartA, block.DeleteCountA);
            Array.Fill(added, true, block.InsertStartB, block.InsertCountB);
        }

        AbsorbShortEqualRuns(result.DiffBlocks, removed, added);
        return new ValueDiffLines(Segments(source, removed, context), Segments(target, added, context));
    }

    /// <summary>Equal runs this short between two changes are shown as changed, on both sides alike: 0.854 -> 2.709
    /// reads as one changed number, not as scattered digits DiffPlex happened to match.</summary>
    private const int ShortestEqualRunShown = 3;

    private static void AbsorbShortEqualRuns(IList<DiffPlex.Model.DiffBlock> blocks, bool[] removed, bool[] added)
    {
        for (var k = 1; k < blocks.Count; k++)
        {
            var previous = blocks[k - 1];
            var startA = previous.DeleteStartA + previous.DeleteCountA;
            var startB = previous.InsertStartB + previous.InsertCountB;
            var length = blocks[k].DeleteStartA - startA; // the same run in both values
            if (length is > 0 and < ShortestEqualRunShown)
            {
                Array.Fill(removed, true, startA, length);
                Array.Fill(added, true, startB, length);
            }
        }
    }

    private static List<TextSegment> Segments(string text, bool[] changed, int context)
    {
        var segments = new List<TextSegment>();
        var start = 0;
        while (start < text.Length)
        {
            var end = start;
            while (end < text.Length && changed[end] == changed[start])
            {
                end++;
            }

            var run = text[start..end];
            if (changed[start])
            {
                segments.Add(new TextSegment(SegmentKind.Changed, run));
            }
            else
            {
                AddSame(segments, run, first: start == 0, last: end == text.Length, context);
            }

            start = end;
        }

        return segments;
    }

    /// <summary>An equal run, cut to the context next to the differences it touches.</summary>
    private static void AddSame(List<TextSegment> segments, string run, bool first, bool last, int context)
    {
        var keepBefore = first ? 0 : context; // after the previous difference
        var keepAfter = last ? 0 : context;   // before the next one
        if (first && last || run.Length <= keepBefore + keepAfter + Ellipsis.Length)
        {
            segments.Add(new TextSegment(SegmentKind.Same, run)); // no difference at all, or short enough
            return;
        }

        if (keepBefore > 0)
        {
            segments.Add(new TextSegment(SegmentKind.Same, run[..keepBefore]));
        }

        segments.Add(new TextSegment(SegmentKind.Elided, Ellipsis));
        if (keepAfter > 0)
        {
            segments.Add(new TextSegment(SegmentKind.Same, run[^keepAfter..]));
        }
    }
}
