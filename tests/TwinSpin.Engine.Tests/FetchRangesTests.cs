using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Runner;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>Several ranges fetched in one query come back grouped in the order asked, each with its own count,
/// so each range's rows can be sliced out and diffed alone: on SQLite (direct reader) and PostgreSQL.</summary>
public sealed class FetchRangesTests
{
    private static readonly KeyRange[] Ranges =
    [
        new(new KeyBound([500L]), new KeyBound([520L])),
        new(null, new KeyBound([10L])),
        new(new KeyBound([990L]), null),
        new(new KeyBound([2000L]), new KeyBound([3000L])), // empty
        new(new KeyBound([100L]), new KeyBound([101L])),
    ];

    private static readonly long[][] Expected =
    [
        [.. Enumerable.Range(500, 20).Select(i => (long)i)],
        [.. Enumerable.Range(1, 9).Select(i => (long)i)],
        [.. Enumerable.Range(990, 11).Select(i => (long)i)],
        [],
        [100],
    ];

    [Fact]
    public async Task Sqlite_ranges_come_back_grouped_and_counted()
    {
        using var directory = new TempDirectory();
        var path = SqliteTables.Create(directory, "r.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", SqliteTables.Series("t", 1, 1000));
        await AssertGroupedAsync(SqliteTables.Spec(path));
    }

    [Fact]
    public async Task Postgres_ranges_come_back_grouped_and_counted()
    {
        using var database = new PostgresDatabase();
        database.Execute("CREATE TABLE t (id bigint PRIMARY KEY, v text)", "INSERT INTO t SELECT n, 'v' || n FROM generate_series(1, 1000) n");
        await AssertGroupedAsync(database.Spec("t"));
    }

    private static async Task AssertGroupedAsync(EndpointSpec spec)
    {
        var (resolved, plan, _, _) = await Preflight.PlanAsync(new CompareRequest(spec, spec), null, CancellationToken.None);
        await using var session = await EndpointSession.OpenAsync(resolved.Source, Side.Source, plan, null, CancellationToken.None);

        var (rows, counts) = await session.FetchRangesAsync(Ranges, CancellationToken.None);

        using (rows)
        {
            Assert.Equal(Expected.Select(e => e.Length), counts);
            var offset = 0;
            for (var i = 0; i < Ranges.Length; i++)
            {
                using var slice = rows.SliceShared(offset, counts[i]);
                var ids = Enumerable.Range(0, slice.Length).Select(r => ((Apache.Arrow.Int64Array)slice.Column(0)).GetValue(r)!.Value).Order();
                Assert.Equal(Expected[i], ids);
                offset += counts[i];
            }
        }
    }
}
