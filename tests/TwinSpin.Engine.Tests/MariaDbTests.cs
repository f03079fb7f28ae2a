using System.Globalization;
using MySqlConnector;
using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Hashing;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Runner;
using Xunit;
using TwinSpin.Engine.Endpoints.MariaDb;

namespace TwinSpin.Engine.Tests;

/// <summary>MariaDB for real (a server started by the test run): the canonical text of every type, the SQL
/// side of the hash contract, key ranges in code point order under case-insensitive collations, and
/// MariaDB against itself, SQLite and PostgreSQL, checked against the naive diff.</summary>
public sealed class MariaDbTests
{
    public enum Pairing
    {
        MariaDbBoth,
        SqliteToMariaDb,
        MariaDbToPostgres,
        PostgresToMariaDb,
    }

    /// <summary>A BIGINT UNSIGNED value above 2^63 - 1 cannot be compared as a 64-bit integer: the job stops with a
    /// TypeMismatch naming the column and what to do, not a bare overflow.</summary>
    [Fact]
    public async Task An_unsigned_bigint_beyond_the_signed_range_is_a_type_mismatch_naming_the_column()
    {
        using var database = new MariaDbDatabase();
        database.Execute("CREATE TABLE t (id INT PRIMARY KEY, big BIGINT UNSIGNED)", "INSERT INTO t VALUES (1, 5), (2, 18446744073709551615)");

        var error = await Assert.ThrowsAsync<TwinSpinException>(() =>
            JobService.CompareAsync(new CompareRequest(database.Spec("t"), database.Spec("t")), new CollectingListener(), CancellationToken.None));

        Assert.Equal(ErrorCode.TypeMismatch, error.Code);
        Assert.Equal("big", error.Target);
        Assert.Contains("18446744073709551615", error.Message);
        Assert.Contains("DECIMAL", error.Message);
    }

    [Theory]
    [InlineData(KeyShape.Integer, 31)]
    [InlineData(KeyShape.Text, 32)]
    [InlineData(KeyShape.Compound, 33)]
    public async Task Sql_side_and_engine_side_row_hashes_agree_on_every_row(KeyShape shape, int seed)
    {
        using var database = new MariaDbDatabase();
        var pair = new RandomTablePair(seed, shape, rows: 1500, perturbations: 0);
        pair.WriteMariaDb(database, "t", source: true);

        var rows = await AssertSqlAndEngineHashesAgreeAsync(database.Spec("t"));

        Assert.Equal(pair.Source.Count, rows);
    }

    /// <summary>Each logical type's canonical field, computed in SQL, against the hash contract's examples;
    /// the engine's text of the fetched values must give the same row hashes.</summary>
    [Fact]
    public async Task Canonical_text_of_every_type_is_the_contract()
    {
        using var database = new MariaDbDatabase();
        database.Execute(
            """
            CREATE TABLE kinds (id INT PRIMARY KEY, dec2 DECIMAL(12,2), dec38 DECIMAL(38,0), dec65 DECIMAL(65,30), dbl DOUBLE, flt FLOAT,
                flag BOOLEAN, day DATE, dt6 DATETIME(6), dt0 DATETIME, ts TIMESTAMP(6) NULL, bin VARBINARY(10), blb BLOB, fixed CHAR(8),
                latin VARCHAR(20) CHARACTER SET latin1, txt TEXT, big BIGINT, bits BIT(8), yr YEAR, tm TIME(6), en ENUM('x', 'Ωy'))
            """,
            // TIMESTAMP literals are read in the session's zone: 10:00 at +02:00 is 08:00 UTC.
            """
            SET time_zone = '+02:00';
            INSERT INTO kinds VALUES
            (1, 1.10, 12345678901234567890123456789012345678, 0.000000000000000000000000000001, 1234.5, 0.1, TRUE, '2024-02-29',
             '2024-02-29 23:59:59.123456', '2024-02-29 23:59:59', '2024-01-01 10:00:00.5', x'00FF10', x'', 'ab', 'naïve', '🎉', -42, b'101', 2024, '12:34:56.5', 'Ωy'),
            (2, -0.50, -1, -123.450000000000000000000000000000, -0e0, -2.5, FALSE, '0999-01-02', '1970-01-01 00:00:00', NULL, NULL, NULL, NULL,
             ' x  ', NULL, 'a|b', 0, b'0', NULL, NULL, 'x'),
            (3, 0.00, 0, 100, 1e300, NULL, NULL, NULL, NULL, NULL, NULL, x'', NULL, '', '', '', NULL, NULL, NULL, NULL, NULL)
            """);
        var expected = new Dictionary<string, string[]>
        {
            ["dec2"] = ["3:1.1", "4:-0.5", "1:0"],
            ["dec38"] = ["38:12345678901234567890123456789012345678", "2:-1", "1:0"],
            ["dec65"] = ["32:0.000000000000000000000000000001", "7:-123.45", "3:100"],
            ["dbl"] = ["20:1.23450000000000e+03", "20:0.00000000000000e+00", "21:1.00000000000000e+300"],
            ["flt"] = ["20:1.00000001490116e-01", "21:-2.50000000000000e+00", "N"],
            ["flag"] = ["1:1", "1:0", "N"],
            ["day"] = ["10:2024-02-29", "10:0999-01-02", "N"],
            ["dt6"] = ["26:2024-02-29 23:59:59.123456", "26:1970-01-01 00:00:00.000000", "N"],
            ["dt0"] = ["26:2024-02-29 23:59:59.000000", "N", "N"],
            ["ts"] = ["26:2024-01-01 08:00:00.500000", "N", "N"],
            ["bin"] = ["6:00ff10", "N", "0:"],
            ["blb"] = ["0:", "N", "N"],
            ["fixed"] = ["2:ab", "2: x", "0:"],
            ["latin"] = ["5:naïve", "N", "0:"],
            ["txt"] = ["1:🎉", "3:a|b", "0:"],
            ["big"] = ["3:-42", "1:0", "N"],
            ["bits"] = ["1:5", "1:0", "N"],
            ["yr"] = ["4:2024", "N", "N"],
            ["tm"] = ["15:12:34:56.500000", "N", "N"],
            ["en"] = ["2:Ωy", "1:x", "N"],
        };

        var dialect = MariaDbDialect.Instance;
        await using var connection = await dialect.OpenAsync(database.ConnectionString, CancellationToken.None);
        var schema = (await dialect.ReadSchemaAsync(connection, "kinds", CancellationToken.None))!;
        foreach (var (name, fields) in expected)
        {
            var info = schema.Find(name)!;
            var text = dialect.RowTextExpression([new SideColumn(info, info.Type)]);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {text} FROM kinds ORDER BY id";
            var actual = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    actual.Add(reader.GetString(0));
                }
            }

            Assert.True(fields.SequenceEqual(actual), $"{name} ({info.DeclaredType}): expected [{string.Join(", ", fields)}], SQL gave [{string.Join(", ", actual)}]");
        }

        Assert.Equal(3, await AssertSqlAndEngineHashesAgreeAsync(database.Spec("kinds")));
    }

    /// <summary>SFORMAT's %.14e against .NET's on doubles of every magnitude, subnormals and exact
    /// ties at the 16th digit included; the values fetched are the stored doubles, bit for bit.</summary>
    [Fact]
    public async Task Float_text_in_sql_is_exact_for_every_double()
    {
        using var database = new MariaDbDatabase();
        database.Execute("CREATE TABLE f (id BIGINT PRIMARY KEY, d DOUBLE, s FLOAT)");
        var random = new Random(77);
        var rows = new List<object?[]>();
        for (var i = 0; i < 20_000; i++)
        {
            var value = i switch
            {
                < 8000 => RandomFiniteDouble(random),
                < 12000 => (double)(random.NextInt64(100_000_000_000_000, 900_000_000_000_000) * 10 + 5), // ties at the 16th digit
                < 16000 => Math.ScaleB(random.NextInt64(1, 1L << 53), random.Next(-1074, 971)),
                _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300)),
            };
            var single = BitConverter.Int32BitsToSingle(random.Next());
            rows.Add([(long)i, value, float.IsFinite(single) ? single : 1.5f]);
        }

        database.Insert("f", ["id", "d", "s"], rows);

        var dialect = MariaDbDialect.Instance;
        await using var connection = await dialect.OpenAsync(database.ConnectionString, CancellationToken.None);
        var schema = (await dialect.ReadSchemaAsync(connection, "f", CancellationToken.None))!;
        var d = new SideColumn(schema.Find("d")!, LogicalType.Float);
        var s = new SideColumn(schema.Find("s")!, LogicalType.Float);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT id, {dialect.SelectExpression(d)}, {dialect.CanonicalText("`d`", d)}, {dialect.SelectExpression(s)}, {dialect.CanonicalText("`s`", s)} FROM f ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync();
        var checkedRows = 0;
        while (await reader.ReadAsync())
        {
            var row = rows[(int)reader.GetInt64(0)];
            var (storedDouble, storedSingle) = (reader.GetDouble(1), reader.GetDouble(3));
            Assert.Equal(BitConverter.DoubleToInt64Bits((double)row[1]!), BitConverter.DoubleToInt64Bits(storedDouble));
            Assert.Equal((double)(float)row[2]!, storedSingle);
            Assert.Equal(CanonicalForms.Float(storedDouble), reader.GetString(2));
            Assert.Equal(CanonicalForms.Float(storedSingle), reader.GetString(4));
            checkedRows++;
        }

        Assert.Equal(rows.Count, checkedRows);
    }

    public static TheoryData<int, KeyShape, CompareStrategy, Pairing> PairCases()
    {
        var data = new TheoryData<int, KeyShape, CompareStrategy, Pairing>();
        var seed = 500;
        foreach (var shape in Enum.GetValues<KeyShape>())
        {
            foreach (var strategy in Enum.GetValues<CompareStrategy>())
            {
                foreach (var pairing in Enum.GetValues<Pairing>())
                {
                    data.Add(seed++, shape, strategy, pairing);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PairCases))]
    public async Task Discrepancies_equal_the_naive_diff(int seed, KeyShape shape, CompareStrategy strategy, Pairing pairing)
    {
        using var database = new MariaDbDatabase();
        using var postgres = pairing is Pairing.MariaDbToPostgres or Pairing.PostgresToMariaDb ? new PostgresDatabase() : null;
        using var directory = new TempDirectory();
        var random = new Random(seed);
        var pair = new RandomTablePair(seed, shape, rows: random.Next(500, 2500), perturbations: random.Next(1, 60));
        EndpointSpec source, target;
        switch (pairing)
        {
            case Pairing.SqliteToMariaDb:
                source = SqliteTables.Spec(pair.Write(directory).Source);
                pair.WriteMariaDb(database, "tgt", source: false);
                target = database.Spec("tgt");
                break;
            case Pairing.MariaDbToPostgres:
                pair.WriteMariaDb(database, "src", source: true);
                pair.WritePostgres(postgres!, "tgt", source: false);
                (source, target) = (database.Spec("src"), postgres!.Spec("tgt"));
                break;
            case Pairing.PostgresToMariaDb:
                pair.WritePostgres(postgres!, "src", source: true);
                pair.WriteMariaDb(database, "tgt", source: false);
                (source, target) = (postgres!.Spec("src"), database.Spec("tgt"));
                break;
            default:
                pair.WriteMariaDb(database, "src", source: true);
                pair.WriteMariaDb(database, "tgt", source: false);
                (source, target) = (database.Spec("src"), database.Spec("tgt"));
                break;
        }

        var listener = await PairProperty.AssertEqualsNaiveDiffAsync(pair, source, target, strategy, random);
        Assert.Empty(listener.Warnings);
    }

    /// <summary>
    /// Text keys that a collation folds together or orders differently from code points: case variants
    /// ('Zebra', 'zebra', 'ZEBRA'), accents, trailing blanks (equal to none under PAD SPACE collations),
    /// and prefixes whose case-insensitive order differs from code point order. With many small ranges,
    /// any range predicate evaluated in the column's collation would put a key in different ranges on
    /// the two sides and report it missing on both.
    /// </summary>
    [Theory]
    [InlineData("utf8mb4_bin", CompareStrategy.Checksum)]
    [InlineData("utf8mb4_nopad_bin", CompareStrategy.Checksum)]
    [InlineData("utf8mb4_nopad_bin", CompareStrategy.Rows)]
    [InlineData("utf8mb4_general_ci", CompareStrategy.Checksum)]
    [InlineData("utf8mb4_unicode_520_ci", CompareStrategy.Rows)]
    public async Task Text_keys_compare_in_code_point_order_whatever_the_collation(string collation, CompareStrategy strategy)
    {
        string[] prefixes = collation.EndsWith("_ci", StringComparison.Ordinal)
            ? ["apple", "Banana", "cherry", "Éclair", "zulu", "Omega", "ω", "_x"] // distinct ignoring case and accents
            : ["Zebra", "zebra", "ZEBRA", "a", "A", "á", "Á", "b", "B", "a\t"];
        string[] suffixes = collation.Contains("nopad", StringComparison.Ordinal) ? ["", " ", "  "] : [""];
        var keys = prefixes.SelectMany(p => Enumerable.Range(0, 30).SelectMany(i => suffixes.Select(s => $"{p}{i}{s}"))).ToList();
        var sourceRows = keys.Select((k, i) => new object?[] { k, (long)i }).ToList();
        var random = new Random(collation.Length);
        var targetRows = sourceRows.Select(r => (object?[])r.Clone()).ToList();
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var index in Enumerable.Range(0, 12).Select(_ => random.Next(targetRows.Count)).Distinct().OrderDescending())
        {
            var row = targetRows[index];
            var key = RandomTablePair.KeyText([row[0]]);
            if (index % 2 == 0)
            {
                targetRows.RemoveAt(index);
                expected.Add($"{DiscrepancyType.MissingInTarget} {key} []");
            }
            else
            {
                row[1] = -1L;
                expected.Add($"{DiscrepancyType.ValueMismatch} {key} [v]");
            }
        }

        using var database = new MariaDbDatabase();
        using var directory = new TempDirectory();
        database.Execute($"CREATE TABLE words (code VARCHAR(40) CHARACTER SET utf8mb4 COLLATE {collation} PRIMARY KEY, v BIGINT)");
        database.Insert("words", ["code", "v"], targetRows);
        var sqlite = SqliteTables.Create(directory, "words.db",
            ["CREATE TABLE words (code TEXT PRIMARY KEY, v INTEGER)",
             .. sourceRows.Select(r => $"INSERT INTO words VALUES ('{r[0]}', {r[1]})")]);
        var request = new CompareRequest(SqliteTables.Spec(sqlite, "words"), database.Spec("words"))
        {
            Options = new JobOptions { Strategy = strategy, PartitionRowThreshold = 8, FanOut = 3, Parallelism = 2 },
        };

        var listener = new CollectingListener();
        await JobService.CompareAsync(request, listener, CancellationToken.None);

        Assert.Equal(expected, NaiveDiff.Actual(listener.Discrepancies));
    }

    /// <summary>The ignore-case rule folds ASCII letters only, as the engine does: MariaDB's UPPER would also
    /// fold 'é' to 'É' and make the SQL checksum call equal what the engine calls different.</summary>
    [Fact]
    public async Task Ignore_case_and_trim_rules_in_sql_match_the_engine()
    {
        using var database = new MariaDbDatabase();
        database.Execute(
            "CREATE TABLE lower_case (id INT PRIMARY KEY, note VARCHAR(20))",
            "CREATE TABLE upper_case (id INT PRIMARY KEY, note VARCHAR(20))",
            "INSERT INTO lower_case VALUES (1, 'abc'), (2, 'straße é'), (3, ' x ')",
            "INSERT INTO upper_case VALUES (1, 'ABC'), (2, 'STRAßE É'), (3, 'X')");
        var request = new CompareRequest(database.Spec("lower_case"), database.Spec("upper_case")) { IgnoreCaseColumns = ["note"], TrimColumns = ["note"] };
        var (resolved, plan, _, _) = await Preflight.PlanAsync(request, null, CancellationToken.None);
        await using var lower = await EndpointSession.OpenAsync(resolved.Source, Side.Source, plan, null, CancellationToken.None);
        await using var upper = await EndpointSession.OpenAsync(resolved.Target, Side.Target, plan, null, CancellationToken.None);
        var lowerHashes = (await lower.RowHashesAsync(KeyRange.All, CancellationToken.None)).ToDictionary(r => Convert.ToInt64(r.Key[0]), r => r.Hash);
        var upperHashes = (await upper.RowHashesAsync(KeyRange.All, CancellationToken.None)).ToDictionary(r => Convert.ToInt64(r.Key[0]), r => r.Hash);

        Assert.Equal(lowerHashes[1], upperHashes[1]);
        Assert.NotEqual(lowerHashes[2], upperHashes[2]);
        Assert.Equal(lowerHashes[3], upperHashes[3]);
        var listener = new CollectingListener();
        await JobService.CompareAsync(request, listener, CancellationToken.None);
        Assert.Equal([$"{DiscrepancyType.ValueMismatch} i:2 [note]"], NaiveDiff.Actual(listener.Discrepancies));
    }

    [Fact]
    public async Task Schema_discovery_finds_keys_unique_indexes_and_types()
    {
        using var database = new MariaDbDatabase();
        database.Execute(
            """
            CREATE TABLE Orders (id INT NOT NULL, region CHAR(4) NOT NULL, total DECIMAL(38,10), flag TINYINT(1), big BIGINT UNSIGNED,
                ratio DOUBLE, at DATETIME(3), seen TIMESTAMP(6) NULL, payload VARBINARY(16), note VARCHAR(20), PRIMARY KEY (region, id))
            """,
            "CREATE TABLE pairs (a INT NOT NULL, b VARCHAR(10) NOT NULL, c INT, UNIQUE KEY pair (b, a), KEY plain (c))");
        var dialect = MariaDbDialect.Instance;
        await using var connection = await dialect.OpenAsync(database.ConnectionString, CancellationToken.None);

        var orders = await dialect.ReadSchemaAsync(connection, "orders", CancellationToken.None);
        Assert.NotNull(orders);
        Assert.Equal($"{database.Name}.Orders", orders.Table);
        Assert.Equal(["region", "id"], orders.PrimaryKey);
        Assert.Equal(
            [LogicalType.Integer, LogicalType.Text, LogicalType.Decimal, LogicalType.Boolean, LogicalType.Integer,
             LogicalType.Float, LogicalType.Timestamp, LogicalType.Timestamp, LogicalType.Binary, LogicalType.Text],
            orders.Columns.Select(c => c.Type));
        Assert.Equal(3, orders.Find("at")!.FractionalDigits);
        Assert.True(orders.Find("region")!.IsFixedWidth);
        Assert.False(orders.Find("id")!.IsNullable);
        Assert.True(orders.Find("note")!.IsNullable);
        Assert.Equal($"{database.Name}.Orders", (await dialect.ReadSchemaAsync(connection, $"{database.Name.ToUpperInvariant()}.ORDERS", CancellationToken.None))?.Table);
        Assert.Null(await dialect.ReadSchemaAsync(connection, "missing", CancellationToken.None));

        var pairs = (await dialect.ReadSchemaAsync(connection, "pairs", CancellationToken.None))!;
        Assert.Empty(pairs.PrimaryKey);
        Assert.True(pairs.IsProvablyUnique(["a", "b"]));
        Assert.False(pairs.IsProvablyUnique(["c"]));
    }

    [Fact]
    public async Task A_changed_wide_decimal_is_found_between_databases_named_case_insensitively()
    {
        using var database = new MariaDbDatabase();
        database.Execute(
            "CREATE TABLE Orders (id INT PRIMARY KEY, total DECIMAL(38,10), note CHAR(8), at TIMESTAMP(6) NULL)",
            "INSERT INTO Orders VALUES (1, 12345678901234567890123456.5, 'ab', '2024-01-01 08:00:00'), (2, 0.10, NULL, NULL)",
            "CREATE TABLE orders_copy LIKE Orders",
            "INSERT INTO orders_copy SELECT * FROM Orders",
            "UPDATE orders_copy SET total = 12345678901234567890123456.6 WHERE id = 1");
        var listener = new CollectingListener();
        await JobService.CompareAsync(new CompareRequest(database.Spec("ORDERS"), database.Spec($"{database.Name}.orders_copy")), listener, CancellationToken.None);

        var found = Assert.Single(listener.Discrepancies);
        var field = Assert.Single(found.Fields);
        Assert.Equal("total", field.Column);
        Assert.Equal("12345678901234567890123456.5", field.SourceValue?.ToString());
        Assert.Equal("12345678901234567890123456.6", field.TargetValue?.ToString());
    }

    /// <summary>Without a primary key or unique index, the NULL-key and duplicate-key probes run on MariaDB.</summary>
    [Theory]
    [InlineData("INSERT INTO loose VALUES ('a', 1), (NULL, 2)", ErrorCode.NullKey)]
    [InlineData("INSERT INTO loose VALUES ('a', 1), ('b', 2), ('a', 3)", ErrorCode.KeyNotUnique)]
    public async Task Key_probes_find_null_and_duplicate_keys(string rows, ErrorCode expected)
    {
        using var database = new MariaDbDatabase();
        database.Execute("CREATE TABLE loose (code VARCHAR(10), v INT)", rows);
        var spec = database.Spec("loose");
        var (request, plan, source, target) = await Preflight.PlanAsync(new CompareRequest(spec, spec) { KeyColumns = ["code"] }, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<TwinSpinException>(() => Preflight.CheckKeysAsync(request, plan, source, target, CancellationToken.None));

        Assert.Equal(expected, error.Code);
    }

    [Fact]
    public async Task A_wrong_password_is_a_connection_error_without_the_password()
    {
        using var database = new MariaDbDatabase();
        var wrong = new MySqlConnectionStringBuilder(database.ConnectionString) { Password = "Wr0ng-Secret" }.ConnectionString;
        var spec = new EndpointSpec(ProviderKind.MariaDb, wrong, "t");
        var error = await Assert.ThrowsAsync<TwinSpinException>(() => JobService.CompareAsync(new CompareRequest(spec, spec), new CollectingListener(), CancellationToken.None));
        Assert.Equal(ErrorCode.ConnectionFailed, error.Code);
        Assert.DoesNotContain("Wr0ng-Secret", error.Message);
    }

    private static Task<int> AssertSqlAndEngineHashesAgreeAsync(EndpointSpec spec, params string[] excludedColumns) =>
        HashAgreement.AssertSqlEqualsEngineAsync(new CompareRequest(spec, spec) { ExcludeColumns = excludedColumns });

    private static double RandomFiniteDouble(Random random)
    {
        while (true)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            if (double.IsFinite(value))
            {
                return value;
            }
        }
    }
}
