using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace TwinSpin.Engine.Tests;

public enum KeyShape
{
    Integer,
    Text,
    Compound,
}

/// <summary>A column of a generated table: SQLite declared type and a value generator.</summary>
public sealed record GeneratedColumn(string Name, string DeclaredType, Func<Random, object?> Next);

/// <summary>
/// A random table pair: random key gaps, NULLs, unicode, compound and text keys; the target is the
/// source with random perturbations (deleted, inserted and changed rows). The rows stay in memory
/// as the naive oracle's input.
/// </summary>
public sealed partial class RandomTablePair
{
    private static readonly string[] Words = ["alpha", "Ωmega", "naïve", "日本語", "emoji 🎉", "a|b", "", " ", "x'y", "\"q\"", "tab\tx", "ß", "Zebra", "zebra", "line\nbreak"];

    public RandomTablePair(int seed, KeyShape keyShape, int rows, int perturbations)
    {
        Seed = seed;
        KeyShape = keyShape;
        var random = new Random(seed);
        KeyColumns = keyShape switch
        {
            KeyShape.Integer => ["id"],
            KeyShape.Text => ["code"],
            _ => ["region", "seq"],
        };

        Columns =
        [
            new("qty", "INTEGER", r => r.Next(10) == 0 ? null : (object)(long)r.Next(-1000, 1000)),
            new("price", "REAL", r => r.Next(10) == 0 ? null : (object)Math.Round(r.NextDouble() * 1000, r.Next(0, 6))),
            new("label", "TEXT", r => r.Next(8) == 0 ? null : Words[r.Next(Words.Length)] + r.Next(100)),
            new("note", "TEXT", r => r.Next(3) == 0 ? null : Words[r.Next(Words.Length)]),
            new("created", "TIMESTAMP", r => r.Next(10) == 0 ? null : (object)new DateTime(2020, 1, 1).AddTicks((long)(r.NextDouble() * TimeSpan.TicksPerDay * 2000) / 10 * 10)),
            new("amount", "DECIMAL(12,2)", r => r.Next(10) == 0 ? null : (object)(r.Next(-100000, 100000) / 100m)),
            new("flag", "BOOLEAN", r => r.Next(10) == 0 ? null : (object)(r.Next(2) == 1)),
            new("blob", "BLOB", r => r.Next(5) == 0 ? null : (object)Enumerable.Range(0, r.Next(0, 6)).Select(_ => (byte)r.Next(256)).ToArray()),
        ];

        var keys = new HashSet<string>();
        var next = 0L;
        while (Source.Count < rows)
        {
            next += random.Next(4) == 0 ? random.Next(1, 5000) : 1; // random gaps, some big
            var key = NewKey(random, next);
            if (keys.Add(KeyText(key)))
            {
                Source.Add(key.Concat(Columns.Select(c => c.Next(random))).ToArray());
            }
        }

        Target = Source.Select(r => (object?[])r.Clone()).ToList();
        for (var i = 0; i < perturbations && Target.Count > 0; i++)
        {
            switch (random.Next(3))
            {
                case 0:
                    Target.RemoveAt(random.Next(Target.Count));
                    break;
                case 1:
                    // A new key, sometimes far outside the source's min/max.
                    var far = random.Next(3) == 0 ? (random.Next(2) == 0 ? -1_000_000 - random.Next(1000) : 10_000_000 + random.Next(1000)) : random.Next(0, (int)next + 10);
                    var key = NewKey(random, far);
                    if (keys.Add(KeyText(key)))
                    {
                        Target.Add(key.Concat(Columns.Select(c => c.Next(random))).ToArray());
                    }

                    break;
                default:
                    var row = Target[random.Next(Target.Count)];
                    var column = KeyColumns.Length + random.Next(Columns.Count);
                    row[column] = Change(row[column], Columns[column - KeyColumns.Length], random);
                    break;
            }
        }
    }

    public int Seed { get; }

    public KeyShape KeyShape { get; }

    public string[] KeyColumns { get; }

    public List<GeneratedColumn> Columns { get; }

    public List<object?[]> Source { get; } = [];

    public List<object?[]> Target { get; }

    public IEnumerable<string> ColumnNames => KeyColumns.Concat(Columns.Select(c => c.Name));

    private object?[] NewKey(Random random, long n) => KeyShape switch
    {
        KeyShape.Integer => [n],
        // Text keys in code point order traps: mixed case, punctuation, unicode, common prefixes.
        KeyShape.Text => [Words[random.Next(Words.Length)].Trim() + "-" + n.ToString(CultureInfo.InvariantCulture) + (random.Next(4) == 0 ? "é" : "")],
        _ => [new[] { "EU", "us", "Ásia", "" }[random.Next(4)], n],
    };

    private static object? Change(object? value, GeneratedColumn column, Random random)
    {
        if (value is null)
        {
            return column.Next(new Random(random.Next())) ?? column.DeclaredType switch
            {
                "INTEGER" => 7L,
                "REAL" => 1.5,
                "BOOLEAN" => true,
                "BLOB" => new byte[] { 1 },
                "TIMESTAMP" => new DateTime(2021, 2, 3),
                "DECIMAL(12,2)" => 1.25m,
                _ => "was null",
            };
        }

        if (random.Next(4) == 0)
        {
            return null;
        }

        return value switch
        {
            long l => l + 1,
            double d => d + 1.25,
            string s => s + "x",
            bool b => !b,
            DateTime dt => dt.AddTicks(10), // one microsecond later
            decimal m => m + 0.01m,
            byte[] bytes => bytes.Concat(new byte[] { 0 }).ToArray(),
            _ => throw new InvalidOperationException(),
        };
    }

    public static string KeyText(IEnumerable<object?> key) => string.Join("|", key.Select(k => k switch
    {
        long l => "i:" + l.ToString(CultureInfo.InvariantCulture),
        int i => "i:" + i.ToString(CultureInfo.InvariantCulture),
        string s => "s:" + s,
        _ => "?:" + k,
    }));

    /// <summary>PostgreSQL type of each column (keys, then the generated columns).</summary>
    public IReadOnlyList<(string Sql, NpgsqlTypes.NpgsqlDbType Type)> PostgresTypes() =>
        KeyColumns.Select((k, i) => KeyShape == KeyShape.Integer || (KeyShape == KeyShape.Compound && i == 1)
                ? ("bigint", NpgsqlTypes.NpgsqlDbType.Bigint)
                : ("text", NpgsqlTypes.NpgsqlDbType.Text))
            .Concat(Columns.Select(c => c.DeclaredType switch
            {
                "INTEGER" => ("bigint", NpgsqlTypes.NpgsqlDbType.Bigint),
                "REAL" => ("double precision", NpgsqlTypes.NpgsqlDbType.Double),
                "TIMESTAMP" => ("timestamp(6)", NpgsqlTypes.NpgsqlDbType.Timestamp),
                "DECIMAL(12,2)" => ("numeric(12,2)", NpgsqlTypes.NpgsqlDbType.Numeric),
                "BOOLEAN" => ("boolean", NpgsqlTypes.NpgsqlDbType.Boolean),
                "BLOB" => ("bytea", NpgsqlTypes.NpgsqlDbType.Bytea),
                _ => ("text", NpgsqlTypes.NpgsqlDbType.Text),
            }))
            .ToList();

    /// <summary>Writes one side to a PostgreSQL table named <paramref name="table"/>.</summary>
    public void WritePostgres(PostgresDatabase database, string table, bool source)
    {
        var types = PostgresTypes();
        var names = ColumnNames.ToList();
        database.Execute($"CREATE TABLE \"{table}\" ({string.Join(", ", names.Select((n, i) => $"\"{n}\" {types[i].Sql}{(i < KeyColumns.Length ? " NOT NULL" : "")}"))}, " +
            $"PRIMARY KEY ({string.Join(", ", KeyColumns.Select(k => $"\"{k}\""))}))");
        database.Copy(table, names, source ? Source : Target, types.Select(t => t.Type).ToList());
    }

    /// <summary>Writes both tables to SQLite files; returns their paths.</summary>
    public (string Source, string Target) Write(TempDirectory directory, string table = "t")
    {
        var source = directory.File($"src-{Seed}.db");
        var target = directory.File($"tgt-{Seed}.db");
        WriteTable(source, table, Source);
        WriteTable(target, table, Target);
        return (source, target);
    }

    private void WriteTable(string path, string table, List<object?[]> rows)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        var keyDefs = KeyShape switch
        {
            KeyShape.Integer => "id INTEGER NOT NULL",
            KeyShape.Text => "code TEXT NOT NULL",
            _ => "region TEXT NOT NULL, seq INTEGER NOT NULL",
        };
        using (var create = connection.CreateCommand())
        {
            create.CommandText = $"CREATE TABLE \"{table}\" ({keyDefs}, {string.Join(", ", Columns.Select(c => $"{c.Name} {c.DeclaredType}"))}, PRIMARY KEY ({string.Join(", ", KeyColumns)}))";
            create.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        var names = ColumnNames.ToList();
        insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => "@p" + i))})";
        var parameters = names.Select((_, i) => insert.Parameters.Add("@p" + i, SqliteType.Text)).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                (parameters[i].SqliteType, parameters[i].Value) = row[i] switch
                {
                    null => (SqliteType.Text, (object)DBNull.Value),
                    long l => (SqliteType.Integer, l),
                    double d => (SqliteType.Real, d),
                    bool b => (SqliteType.Integer, b ? 1L : 0L),
                    DateTime dt => (SqliteType.Text, dt.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)),
                    decimal m => (SqliteType.Text, m.ToString(CultureInfo.InvariantCulture)),
                    byte[] bytes => (SqliteType.Blob, bytes),
                    string s => (SqliteType.Text, s),
                    _ => throw new InvalidOperationException(),
                };
            }

            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
