using System.Globalization;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// The cross-engine matrix's data: a compound text+integer key with mixed case and punctuation, and a
/// column of every logical type, stored differently on the two sides (decimal scale 2 vs 4, timestamps
/// with 6 vs 3 fractional digits, CHAR padding). The target plants real differences (which every
/// comparison must report) and normalize-equal ones (which only the comparison options make disappear).
/// </summary>
public static class MatrixDataset
{
    public static readonly string[] Columns = ["code", "n", "qty", "amount", "ratio", "name", "tag", "note", "at", "ok", "raw", "day"];

    public static readonly string[] KeyColumns = ["code", "n"];

    private static readonly string[] Codes = ["A-1", "a-1", "Zeta", "zeta", "O'Brien", "x|y", "Ωmega", "ß", "", "z z"];

    public static IReadOnlyList<object?[]> Source { get; } = BuildSource();

    public static IReadOnlyList<object?[]> Target { get; } = BuildTarget();

    /// <summary>Differences every comparison reports, as NaiveDiff.Actual formats them.</summary>
    public static SortedSet<string> RealDifferences { get; } = new(StringComparer.Ordinal)
    {
        $"MissingInTarget {Key(3)} []",
        $"MissingInTarget {Key(40)} []",
        $"MissingInSource s:extra|i:1 []",
        $"MissingInSource s:Ωmega|i:9999 []",
        $"ValueMismatch {Key(10)} [qty]",
        $"ValueMismatch {Key(11)} [amount]",
        $"ValueMismatch {Key(12)} [ratio]",
        $"ValueMismatch {Key(13)} [name]",
        $"ValueMismatch {Key(14)} [note]",
        $"ValueMismatch {Key(15)} [at]",
        $"ValueMismatch {Key(16)} [ok]",
        $"ValueMismatch {Key(17)} [raw]",
        $"ValueMismatch {Key(18)} [tag]",
        $"ValueMismatch {Key(19)} [day]",
    };

    /// <summary>Differences that disappear with -IgnoreCaseColumn name -TrimColumn note -EmptyStringAsNull -Tolerance @{ amount = 0.01 }.</summary>
    public static SortedSet<string> NormalizeEqual { get; } = new(StringComparer.Ordinal)
    {
        $"ValueMismatch {Key(20)} [name]",   // case
        $"ValueMismatch {Key(21)} [note]",   // surrounding spaces
        $"ValueMismatch {Key(22)} [note]",   // '' vs NULL
        $"ValueMismatch {Key(23)} [amount]", // within 0.01
    };

    private static string Key(int row) => RandomTablePair.KeyText(Source[row].Take(2));

    private static List<object?[]> BuildSource()
    {
        var rows = new List<object?[]>();
        var epoch = new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        for (var i = 0; i < 300; i++)
        {
            rows.Add(
            [
                Codes[i % Codes.Length],
                (long)(i / Codes.Length * 7 + i % 3),
                i % 9 == 0 ? null : (long)(i * 37 % 1000 - 500),
                i % 8 == 0 ? null : decimal.Parse((i * 13.25m % 9999).ToString("0.00", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                i % 10 == 0 ? null : i * 0.1 + 1.0 / (i + 3),
                i % 7 == 0 ? null : $"Name {i} {(i % 4 == 0 ? "Ünïcødé" : "plain")}",
                i % 6 == 0 ? null : $"T{i % 50}",
                i % 5 == 0 ? null : i % 11 == 0 ? "" : $"note {i}",
                i % 12 == 0 ? null : epoch.AddDays(i).AddTicks(i * 1234560L % 10_000_000 / 10 * 10),
                i % 13 == 0 ? null : i % 2 == 0,
                i % 4 == 0 ? null : new[] { (byte)i, (byte)(255 - i % 256), (byte)7 },
                i % 14 == 0 ? null : new DateTime(1999, 12, 31, 0, 0, 0, DateTimeKind.Utc).AddDays(i * 3),
            ]);
        }

        return rows;
    }

    private static List<object?[]> BuildTarget()
    {
        var source = BuildSource();
        var rows = source.Select(r => (object?[])r.Clone()).ToList();
        // The copy keeps milliseconds (timestamp(3) on every engine): values truncated, as the contract compares.
        foreach (var row in rows)
        {
            if (row[8] is DateTime at)
            {
                row[8] = new DateTime(at.Ticks - at.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
            }
        }

        void Set(int row, string column, object? value) => rows[row][Array.IndexOf(Columns, column)] = value;

        // Real differences.
        Set(10, "qty", ((long?)rows[10][2] ?? 0) + 1);
        Set(11, "amount", ((decimal?)rows[11][3] ?? 0) + 1.5m);
        Set(12, "ratio", ((double?)rows[12][4] ?? 0) + 0.5);
        Set(13, "name", "Renamed");
        Set(14, "note", "edited note");
        Set(15, "at", ((DateTime?)rows[15][8] ?? DateTime.UnixEpoch).AddMilliseconds(5));
        Set(16, "ok", !((bool?)rows[16][9] ?? false));
        Set(17, "raw", new byte[] { 1, 2, 3, 4 });
        Set(18, "tag", "CHANGED");
        Set(19, "day", ((DateTime?)rows[19][11] ?? DateTime.UnixEpoch).AddDays(1));

        // Equal after normalization.
        Set(20, "name", Endpoints.ColumnRules.AsciiUpper((string)rows[20][5]!)); // ASCII letters only: the rule's promise
        Set(21, "note", "  " + (rows[21][7] ?? "n") + " ");
        Set(22, "note", null); // '' in the source
        Set(23, "amount", ((decimal?)rows[23][3] ?? 0) + 0.005m);

        rows.RemoveAt(40);
        rows.RemoveAt(3);
        var extra = (object?[])source[1].Clone();
        extra[0] = "extra";
        extra[1] = 1L;
        rows.Add(extra);
        var unicode = (object?[])source[2].Clone();
        unicode[0] = "Ωmega";
        unicode[1] = 9999L;
        rows.Add(unicode);
        return rows;
    }
}
