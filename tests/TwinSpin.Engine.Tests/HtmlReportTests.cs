using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using TwinSpin.Engine.Reports;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>The HTML report of a real job on SQLite, checked against the differences the test planted itself.</summary>
public sealed partial class HtmlReportTests
{
    private const int Rows = 3000;

    /// <summary>A value with markup, quotes, an ampersand and non-ASCII text; the target changes its first and last
    /// characters, so the equal middle (shorter than twice the diff's context) is shown whole.</summary>
    private const string Nasty = "A <script>alert(1)</script> \"double\" 'single' & ampersand ü 日本 😀 end";

    private const string Secret = "Sup3r-S3cret-Pw";

    [Fact]
    public async Task The_page_shows_every_planted_discrepancy_with_its_counts()
    {
        using var directory = new TempDirectory();
        var (store, input, planted) = await PlantedJobAsync(directory);
        await using var _ = store;

        var html = await RenderAsync(input, HtmlReport.DefaultInlineLimit);

        Assert.Equal(planted.Order(), Shown(html).Order());
        Assert.DoesNotContain("id=\"limit-note\"", html);
        Assert.Equal(ByType(planted), Counts(html));
        Assert.Equal(planted.Count, input.Job.DiscrepanciesFound);
    }

    [Fact]
    public async Task Over_the_limit_the_first_are_shown_and_all_are_counted()
    {
        using var directory = new TempDirectory();
        var (store, input, planted) = await PlantedJobAsync(directory);
        await using var _ = store;
        const int limit = 10;

        var (written, html) = await RenderWithCountAsync(input, limit);

        Assert.Equal(limit, written);
        var shown = Shown(html);
        Assert.Equal(limit, shown.Count);
        Assert.Subset(planted.ToHashSet(), shown.ToHashSet());
        Assert.Contains($"Showing the first {limit} of {planted.Count} discrepancies; export Csv or Json for all.", html);
        Assert.Equal(ByType(planted), Counts(html)); // over all of them, not the ten shown
    }

    [Fact]
    public async Task Values_are_escaped_secrets_redacted_and_nothing_is_fetched()
    {
        using var directory = new TempDirectory();
        var (store, input, _) = await PlantedJobAsync(directory);
        await using var _ = store;
        // The job as a caller could hand it over: a connection string with a password (the store never keeps one).
        var source = input.Job.Definition.Source with { ConnectionString = input.Job.Definition.Source.ConnectionString + $";Password={Secret}" };
        var job = input.Job with { Definition = input.Job.Definition with { Source = source } };

        var html = await RenderAsync(input with { Job = job }, HtmlReport.DefaultInlineLimit);

        Assert.DoesNotContain(Secret, html);
        Assert.Contains(WebUtility.HtmlEncode(source.RedactedConnectionString), html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;double&quot; &#39;single&#39; &amp; ampersand", html);
        Assert.Contains(ValueDisplay(Nasty), WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", string.Empty)));
        // Only the page's own script, and the policy names its hash (else the browser would not run it).
        Assert.Single(Regex.Matches(html, "<script"));
        var script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains($"script-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'", html);
        Assert.Contains("default-src 'none'", html);
        // Self-contained: no resource from anywhere.
        Assert.DoesNotMatch("(?i)https?://", html);
        Assert.DoesNotMatch("(?i)<(link|img|iframe|object|embed)\\b|@import|url\\(", html);
        Assert.DoesNotMatch("(?i)\\b(src|href)\\s*=\\s*\"(?!#)", html);
    }

    [Fact]
    public async Task The_tree_opens_branches_with_differences_and_is_cut_at_its_line_limit()
    {
        using var directory = new TempDirectory();
        var (store, input, _) = await PlantedJobAsync(directory);
        await using var _ = store;
        var mismatched = input.Partitions.Where(p => p.Status == PartitionStatus.Mismatched).ToList();
        Assert.NotEmpty(mismatched);

        var html = await RenderAsync(input, HtmlReport.DefaultInlineLimit);
        foreach (var partition in mismatched)
        {
            Assert.Contains($"id=\"p{partition.Id}\"", html);
        }

        var root = input.Partitions.Single(p => p.ParentId is null);
        Assert.Contains($"<details id=\"p{root.Id}\" open>", html);
        Assert.DoesNotContain("id=\"tree-note\"", html);

        using var writer = new StringWriter();
        await HtmlReport.WriteAsync(input, writer, HtmlReport.DefaultInlineLimit, treeLineLimit: 3, null, CancellationToken.None);
        var cut = writer.ToString();
        var tree = Regex.Match(cut, "<section id=\"tree\".*?</section>", RegexOptions.Singleline).Value;
        Assert.Equal(3, Regex.Matches(tree, "<summary>|class=\"leaf\"|class=\"rollup\"").Count);
        Assert.Contains($"The tree is cut at its first 3 lines ({input.Partitions.Count:N0} partitions in all)", tree);
    }

    [Fact]
    public async Task A_duplicated_key_names_its_side_and_control_characters_are_made_visible()
    {
        using var directory = new TempDirectory();
        var (store, input, _) = await PlantedJobAsync(directory);
        await using var _ = store;
        var key = new[] { new Diffing.KeyPart("id", Endpoints.LogicalType.Integer, 42L) };
        DiscrepancyRecord[] records =
        [
            new(input.Job.Id, 1, 1, new Diffing.Discrepancy(Diffing.DiscrepancyType.DuplicateKey, key, []) { DuplicateSide = Endpoints.Side.Target, DuplicateCount = 3 }),
            new(input.Job.Id, 2, 1, new Diffing.Discrepancy(Diffing.DiscrepancyType.ValueMismatch, key,
                [new Diffing.FieldDifference("v<b>", Endpoints.LogicalType.Text, "a\u0000b\u001bc", "a\u0000b\u001bd")])),
        ];

        var html = await RenderAsync(input with { Discrepancies = _ => records.ToAsyncEnumerable() }, HtmlReport.DefaultInlineLimit);

        Assert.Contains("3 rows share this key in the target; they were not compared", html);
        Assert.Contains("class=\"col\">v&lt;b&gt;</td>", html);
        Assert.DoesNotContain(html, c => c is '\u0000' or '\u001b'); // HTML cannot show them: written as \uXXXX
        Assert.Contains("&#39;a\\u0000b\\u001B<del>c</del>&#39;", html);
        Assert.Equal(["DuplicateKey 42", "ValueMismatch 42 v&lt;b&gt;"], Shown(html));
    }

    /// <summary>Source t(id, v) of <see cref="Rows"/> rows; the target with rows deleted, added and changed, listed here as the truth.</summary>
    private static async Task<(IJobStore Store, ReportInput Input, List<string> Planted)> PlantedJobAsync(TempDirectory directory)
    {
        var deleted = Enumerable.Range(0, 25).Select(i => 7 + i * 113).ToList();
        var added = Enumerable.Range(Rows + 1, 12).ToList();
        var changed = Enumerable.Range(0, 30).Select(i => 50 + i * 97).Except(deleted).ToList();
        const int nastyId = 2000;
        var create = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)";
        var nasty = $"UPDATE t SET v = '{Nasty.Replace("'", "''")}' WHERE id = {nastyId}";
        var source = SqliteTables.Create(directory, "source.db", create, SqliteTables.Series("t", 1, Rows), nasty);
        var target = SqliteTables.Create(directory, "target.db", create, SqliteTables.Series("t", 1, Rows), nasty,
            $"DELETE FROM t WHERE id IN ({string.Join(",", deleted)})",
            SqliteTables.Series("t", added[0], added[^1], "'new' || n"),
            $"UPDATE t SET v = v || '~' WHERE id IN ({string.Join(",", changed)})",
            $"UPDATE t SET v = 'B' || replace(substr(v, 2), ' end', ' END!') WHERE id = {nastyId}");
        var planted = deleted.Select(id => $"MissingInTarget {id}")
            .Concat(added.Select(id => $"MissingInSource {id}"))
            .Concat(changed.Append(nastyId).Select(id => $"ValueMismatch {id} v"))
            .ToList();

        var request = new CompareRequest(SqliteTables.Spec(source), SqliteTables.Spec(target))
        {
            Options = new JobOptions { PartitionRowThreshold = 40, FanOut = 4, Parallelism = 1 },
        };
        var store = await JobStores.OpenAsync(directory.File("store.db"), CancellationToken.None);
        var job = await JobService.RunJobAsync(request, store, new CollectingListener(), CancellationToken.None);
        Assert.Equal(JobStatus.Completed, job.Status);
        return (store, await ReportInput.ReadAsync(store, job, CancellationToken.None), planted);
    }

    private static async Task<string> RenderAsync(ReportInput input, int limit) => (await RenderWithCountAsync(input, limit)).Html;

    private static async Task<(long Written, string Html)> RenderWithCountAsync(ReportInput input, int limit)
    {
        using var writer = new StringWriter();
        var written = await HtmlReport.WriteAsync(input, writer, limit, null, CancellationToken.None);
        return (written, writer.ToString());
    }

    /// <summary>"type id [column]" for each discrepancy in the table, read from the markup.</summary>
    private static List<string> Shown(string html) =>
        DiscrepancyGroup().Matches(html).Select(m =>
        {
            var columns = ColumnCell().Matches(m.Value).Select(c => c.Groups[1].Value);
            return string.Join(" ", new[] { m.Groups["type"].Value, m.Groups["id"].Value }.Concat(columns));
        }).ToList();

    private static Dictionary<string, long> Counts(string html) =>
        CountRow().Matches(html).ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value.Replace(",", string.Empty)));

    private static Dictionary<string, long> ByType(List<string> planted)
    {
        var counts = Enum.GetNames<Diffing.DiscrepancyType>().ToDictionary(t => t, _ => 0L);
        foreach (var entry in planted)
        {
            counts[entry.Split(' ')[0]]++;
        }

        return counts;
    }

    private static string ValueDisplay(string value) => "'" + value + "'";

    [GeneratedRegex("<tbody class=\"d\" data-type=\"(?<type>\\w+)\">.*?class=\"key\">id=(?<id>\\d+)</td>.*?</tbody>", RegexOptions.Singleline)]
    private static partial Regex DiscrepancyGroup();

    [GeneratedRegex("<td rowspan=\"2\" class=\"col\">([^<]*)</td>")]
    private static partial Regex ColumnCell();

    [GeneratedRegex("<tr data-type=\"(\\w+)\"><td[^>]*>\\w+</td><td class=\"num\">([\\d,]+)</td>")]
    private static partial Regex CountRow();
}
