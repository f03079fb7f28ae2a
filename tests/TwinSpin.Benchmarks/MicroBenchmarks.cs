using Apache.Arrow;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Data.Sqlite;
using TwinSpin.Engine.Batches;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Hashing;
using TwinSpin.Engine.Endpoints.Sqlite;

namespace TwinSpin.Benchmarks;

/// <summary>A short in-process job (a few iterations) so the whole set runs in a few minutes on two cores. Every
/// benchmark processes <see cref="SampleTable.Rows"/> rows per invocation and declares them as
/// OperationsPerInvoke, so "Mean" reads as nanoseconds per row.</summary>
public sealed class ShortRunConfig : ManualConfig
{
    public ShortRunConfig()
    {
        // In process: no generated project to build (the engine may be mid-change in the working tree),
        // and a few iterations are enough for ns per row.
        AddJob(Job.ShortRun.WithWarmupCount(2).WithIterationCount(5).WithLaunchCount(1)
            .WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"));
        SummaryStyle = SummaryStyle.Default.WithTimeUnit(Perfolizer.Horology.TimeUnit.Nanosecond);
        AddColumn(StatisticColumn.Median);
    }
}

/// <summary>The generator's accounts table (10 columns of mixed types), in memory.</summary>
public static class SampleTable
{
    public const int Rows = 50_000;

    private static readonly (string Name, string Declared, LogicalType Type)[] Columns =
    [
        ("id", "INTEGER", LogicalType.Integer), ("customer", "TEXT", LogicalType.Text), ("email", "TEXT", LogicalType.Text),
        ("balance", "REAL", LogicalType.Float), ("credit_limit", "DECIMAL(12,2)", LogicalType.Decimal),
        ("opened_at", "TIMESTAMP", LogicalType.Timestamp), ("status", "TEXT", LogicalType.Text),
        ("branch", "INTEGER", LogicalType.Integer), ("score", "REAL", LogicalType.Float), ("notes", "TEXT", LogicalType.Text),
    ];

    public static ComparePlan Plan { get; } = new(
        [Planned(Columns[0], 1)],
        Columns.Skip(1).Select(c => Planned(c, 0)).ToList());

    public static string SelectSql => $"SELECT {string.Join(", ", Columns.Select(c => c.Name))} FROM accounts ORDER BY id";

    private static PlannedColumn Planned((string Name, string Declared, LogicalType Type) c, int pk)
    {
        var info = new ColumnInfo(c.Name, c.Declared, c.Type, pk == 0, pk);
        return new PlannedColumn(c.Name, c.Type, info, info);
    }

    /// <summary>An open in-memory database with the table; <paramref name="changeEvery"/> &gt; 0 alters a field of every n-th row.</summary>
    public static SqliteConnection Create(int changeEvery = 0)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE accounts (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, email TEXT, balance REAL NOT NULL, " +
                "credit_limit DECIMAL(12,2), opened_at TIMESTAMP NOT NULL, status TEXT NOT NULL, branch INTEGER NOT NULL, score REAL, notes TEXT)";
            create.ExecuteNonQuery();
        }

        var random = new Random(42);
        string[] statuses = ["active", "dormant", "closed", "frozen"];
        var epoch = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO accounts VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
        var p = Enumerable.Range(1, 10).Select(i => insert.Parameters.Add("$" + i, SqliteType.Text)).ToArray();
        for (long id = 1; id <= Rows; id++)
        {
            p[0].Value = id;
            p[1].Value = $"Customer Ünïcode {random.Next(1000)}" + (changeEvery > 0 && id % changeEvery == 0 ? " Jr." : "");
            p[2].Value = random.Next(6) == 0 ? DBNull.Value : $"user{id}@example.org";
            p[3].Value = Math.Round(random.NextDouble() * 200_000 - 50_000, 2);
            p[4].Value = random.Next(8) == 0 ? DBNull.Value : random.Next(1, 500) * 100.0;
            p[5].Value = epoch.AddSeconds(random.Next(0, 300_000_000)).AddTicks(random.Next(0, 1_000_000) * 10L).ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture);
            p[6].Value = statuses[random.Next(statuses.Length)];
            p[7].Value = (long)random.Next(1, 400);
            p[8].Value = random.Next(10) == 0 ? DBNull.Value : random.NextDouble();
            p[9].Value = random.Next(3) == 0 ? DBNull.Value : $"note {random.Next(1000)} — ✓";
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return connection;
    }

    public static RecordBatch ReadBatch(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SelectSql;
        using var reader = command.ExecuteReader();
        return ArrowBatchReader.ReadAsync(reader, Plan.AllColumns, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Every row's raw values as the SQLite driver returns them (the row hash's input).</summary>
    public static object?[][] RawRows(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SelectSql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(values);
        }

        return [.. rows];
    }
}

/// <summary>ArrowBatchReader: a SQLite result set into one Arrow record batch (includes SQLite's own stepping).</summary>
[Config(typeof(ShortRunConfig))]
[MemoryDiagnoser]
public class ArrowBatchReaderBenchmark
{
    private SqliteConnection _connection = null!;

    [GlobalSetup]
    public void Setup() => _connection = SampleTable.Create();

    [GlobalCleanup]
    public void Cleanup() => _connection.Dispose();

    [Benchmark(OperationsPerInvoke = SampleTable.Rows, Description = "ArrowBatchReader.ReadAsync (SQLite, 10 cols)")]
    public int Read() => SampleTable.ReadBatch(_connection).Length;

    /// <summary>What fetches use on SQLite: the rows read straight from the statement (SqliteStatementReader).</summary>
    [Benchmark(OperationsPerInvoke = SampleTable.Rows, Description = "ArrowBatchReader.ReadAsync, direct SQLite reader (10 cols)")]
    public int ReadDirect()
    {
        using var reader = SqliteStatementReader.Open(_connection, SampleTable.SelectSql, [], SqliteDialect.Instance.ParameterName, CancellationToken.None);
        using var batch = ArrowBatchReader.ReadAsync(reader, SampleTable.Plan.AllColumns, CancellationToken.None).GetAwaiter().GetResult();
        return batch.Length;
    }
}

/// <summary>The contract's row hash: canonical row text (CanonicalRowWriter) and its MD5, as SQLite's
/// registered function computes it per row.</summary>
[Config(typeof(ShortRunConfig))]
[MemoryDiagnoser]
public class RowHashBenchmark
{
    private object?[][] _rows = null!;
    private (LogicalType Type, ColumnRules Rules)[] _columns = null!;
    private SqliteConnection _connection = null!;
    private string _checksumSql = null!;
    private string _nativeChecksumSql = null!;

    [GlobalSetup]
    public void Setup()
    {
        _connection = SampleTable.Create();
        SqliteHashFunctions.Register(_connection);
        _rows = SampleTable.RawRows(_connection);
        var compared = SampleTable.Plan.ComparedColumns;
        var dialect = SqliteDialect.Instance;
        _checksumSql = $"SELECT {dialect.ChecksumAggregate(dialect.RowHashExpression(compared.Select(c => c.For(Side.Source)).ToList()))} FROM accounts";
        _columns = compared.Select(c => (c.Type, c.Rules)).ToArray();
        var all = SampleTable.Plan.AllColumns.Select(c => c.For(Side.Source)).ToList();
        _nativeChecksumSql = $"SELECT {dialect.NativeChecksumAggregate(dialect.NativeRowHashExpression(all))} FROM accounts";
    }

    [Benchmark(OperationsPerInvoke = SampleTable.Rows, Description = "CanonicalRowWriter + MD5 (9 cols)")]
    public ulong CanonicalWriterMd5()
    {
        var writer = new CanonicalRowWriter();
        ulong sum = 0;
        foreach (var row in _rows)
        {
            writer.Reset();
            for (var i = 0; i < _columns.Length; i++)
            {
                SqliteHashFunctions.AppendRaw(writer, _columns[i].Type, _columns[i].Rules, row[i + 1]);
            }

            sum += writer.Hash();
        }

        return sum;
    }

    /// <summary>What the engine really runs in SQLite: the dialect's row hash (the registered function,
    /// on SQLite's value API) summed by its checksum aggregate, over the in-memory table.</summary>
    [Benchmark(OperationsPerInvoke = SampleTable.Rows, Description = "SQLite checksum query (registered row hash, 9 cols)")]
    public long SqliteChecksumQuery()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = _checksumSql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The same-engine row hash of a SQLite pair (XxHash3 of the stored values) summed the same way.</summary>
    [Benchmark(OperationsPerInvoke = SampleTable.Rows, Description = "SQLite same-engine checksum query (native row hash, 10 cols)")]
    public long SqliteNativeChecksumQuery()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = _nativeChecksumSql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [GlobalCleanup]
    public void Cleanup() => _connection.Dispose();
}

/// <summary>BatchDiffer.Diff: the merge diff of two batches of the same keys, one row in 100 changed.</summary>
[Config(typeof(ShortRunConfig))]
[MemoryDiagnoser]
public class BatchDifferBenchmark
{
    private RecordBatch _source = null!;
    private RecordBatch _target = null!;
    private RecordBatch _same = null!;

    [GlobalSetup]
    public void Setup()
    {
        using (var source = SampleTable.Create())
        {
            _source = SampleTable.ReadBatch(source);
            _same = SampleTable.ReadBatch(source);
        }

        using var target = SampleTable.Create(changeEvery: 100);
        _target = SampleTable.ReadBatch(target);
    }

    [Benchmark(OperationsPerInvoke = SampleTable.Rows, Description = "BatchDiffer.Diff (equal batches)")]
    public int DiffEqual() => BatchDiffer.Diff(_source, _same, SampleTable.Plan).Count;

    [Benchmark(OperationsPerInvoke = SampleTable.Rows, Description = "BatchDiffer.Diff (1% rows changed)")]
    public int DiffOnePercent() => BatchDiffer.Diff(_source, _target, SampleTable.Plan).Count;
}
