using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Hashing;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Runner;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>Rows fetched through ODBC hold exactly the values the native provider fetches from the
/// same table: canonical row texts compared key by key.</summary>
public sealed class OdbcValueTests
{
    [Fact]
    public async Task Psqlodbc_values_equal_npgsql_values()
    {
        using var database = new PostgresDatabase();
        var pair = new RandomTablePair(51, KeyShape.Compound, rows: 800, perturbations: 0);
        pair.WritePostgres(database, "t", source: true);
        database.Execute(
            "CREATE TABLE edge (id int PRIMARY KEY, big numeric(38,6), tz timestamptz, fixed char(6), ok boolean, day date, raw bytea, f real, d float8)",
            "INSERT INTO edge VALUES (1, 1234567890123456789012.000100, '2024-02-29 23:59:59.123456+05', 'ab', true, '1999-12-31', '\\x00ff10', 0.1, 0.882734573857269), " +
            "(2, -0.5, '1970-01-01 00:00:00+00', 'Ω 🎉', false, '2024-02-29', '\\x', -0, 0.1::float8 + 0.2::float8), " +
            "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), (4, 0, NULL, NULL, NULL, NULL, NULL, 'Infinity', '-Infinity'), (5, 1, NULL, NULL, NULL, NULL, NULL, 'NaN', 1e300)");

        Assert.Equal(await RowTextsAsync(database.Spec("t")), await RowTextsAsync(OdbcEndpoints.Postgres(database, "t")));
        Assert.Equal(await RowTextsAsync(database.Spec("edge")), await RowTextsAsync(OdbcEndpoints.Postgres(database, "edge")));
    }

    [Fact]
    public async Task Sqlite_odbc_values_equal_microsoft_data_sqlite_values_whatever_the_storage_class()
    {
        using var directory = new TempDirectory();
        var path = SqliteTables.Create(directory, "edge.db",
            "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, r REAL, d DECIMAL(12,2), s TEXT, b BLOB, ts TIMESTAMP, day DATE, ok BOOLEAN)",
            // 64-bit integers, reals the driver would round, text outside the BMP, blobs, timestamps as text,
            // Unix seconds and Julian days, decimals stored as integer, real and text.
            "INSERT INTO t VALUES (5000000000, -9223372036854775808, 0.1 + 0.2, 12.30, 'emoji 🎉 日本', x'00ff10', '2024-02-29 23:59:59.123456', '2024-02-29', 1)",
            "INSERT INTO t VALUES (2, 9223372036854775807, 1e300, 5, '', x'', 1700000000, 2460000.5, 0)",
            "INSERT INTO t VALUES (3, 7, -0.0, '1.5', 'a|b', 'text in a blob column', 2460000.25, '1999-12-31', 'true')",
            "INSERT INTO t VALUES (-4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");

        var odbc = await RowTextsAsync(OdbcEndpoints.Sqlite(path));
        Assert.Equal(await RowTextsAsync(SqliteTables.Spec(path)), odbc);
        Assert.StartsWith("10:500000000020:-9223372036854775808", odbc["i:5000000000"]);
        Assert.Contains("emoji 🎉 日本", odbc["i:5000000000"]);
    }

    /// <summary>Each row's canonical text (docs/hash-contract.md) by key, as the engine sees the fetched values.</summary>
    private static async Task<Dictionary<string, string>> RowTextsAsync(EndpointSpec spec)
    {
        var (_, plan, _, _) = await Preflight.PlanAsync(new CompareRequest(spec, spec), null, CancellationToken.None);
        await using var session = await EndpointSession.OpenAsync(spec, Side.Source, plan, null, CancellationToken.None);
        using var batch = (await session.FetchAsync(KeyRange.All, int.MaxValue, CancellationToken.None))!;
        var texts = new Dictionary<string, string>();
        var writer = new CanonicalRowWriter();
        for (var row = 0; row < batch.Length; row++)
        {
            writer.Reset();
            for (var c = 0; c < batch.ColumnCount; c++)
            {
                ArrowValues.AppendCanonical(batch.Column(c), row, writer);
            }

            var key = RandomTablePair.KeyText(Enumerable.Range(0, plan.KeyCount).Select(k => ArrowValues.ToDisplay(batch.Column(k), row, plan.KeyColumns[k].Type)));
            texts.Add(key, writer.Text);
        }

        return texts;
    }
}
