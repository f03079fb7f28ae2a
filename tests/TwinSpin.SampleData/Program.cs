using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

// Generates a SQLite pair for the demo and the benchmarks: source.db and target.db with table
// "accounts" (10 columns of mixed types), the target a copy of the source with planted differences,
// and planted.json listing every planted difference (type, id, column) as the truth to check against.
//   dotnet run -- --rows 1000000 --differences 300 --out demo [--seed 42]
// Copies one side's accounts table into PostgreSQL, value for value (binary COPY, no text round trip):
//   dotnet run -- copy-to-postgres demo/target.db "Host=...;Database=..."

if (args.Length == 3 && args[0] == "copy-to-postgres")
{
    TwinSpin.SampleData.PostgresCopy.Run(args[1], args[2]);
    return 0;
}

var rows = 1_000_000;
var differences = 300;
var output = "demo";
var seed = 42;
for (var i = 0; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--rows": rows = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--differences": differences = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--out": output = args[i + 1]; break;
        case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"Unknown option {args[i]}"); return 2;
    }
}

Directory.CreateDirectory(output);
var sourcePath = Path.Combine(output, "source.db");
var targetPath = Path.Combine(output, "target.db");
foreach (var path in new[] { sourcePath, targetPath })
{
    foreach (var suffix in new[] { "", "-wal", "-shm" })
    {
        File.Delete(path + suffix);
    }
}

string[] first = ["Anna", "Björn", "Chloé", "Dmitri", "Eşref", "Fatima", "Grzegorz", "Hiroshi", "Inès", "Jürgen", "Kwame", "Łucja", "Mateo", "Nguyễn", "Oğuz", "Priya", "Søren", "Tomás", "Ülkü", "Zoë", "李", "Олег", "Ηλέκτρα"];
string[] last = ["Müller", "García", "Øberg", "Nowak", "O'Brien", "Smith", "Tanaka", "Åström", "Dvořák", "Kowalski", "Silva", "王", "Иванов", "Παπαδόπουλος"];
string[] statuses = ["active", "dormant", "closed", "frozen"];
var random = new Random(seed);
var epoch = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);

using (var connection = new SqliteConnection($"Data Source={sourcePath}"))
{
    connection.Open();
    Execute(connection, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;");
    Execute(connection, """
        CREATE TABLE accounts (
            id INTEGER PRIMARY KEY,
            customer TEXT NOT NULL,
            email TEXT NULL,
            balance REAL NOT NULL,
            credit_limit DECIMAL(12,2) NULL,
            opened_at TIMESTAMP NOT NULL,
            status TEXT NOT NULL,
            branch INTEGER NOT NULL,
            score REAL NULL,
            notes TEXT NULL
        )
        """);
    using var transaction = connection.BeginTransaction();
    using var insert = connection.CreateCommand();
    insert.CommandText = "INSERT INTO accounts VALUES (@id, @customer, @email, @balance, @limit, @opened, @status, @branch, @score, @notes)";
    var p = new[] { "@id", "@customer", "@email", "@balance", "@limit", "@opened", "@status", "@branch", "@score", "@notes" }
        .Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
    long id = 0;
    for (var n = 0; n < rows; n++)
    {
        id += random.Next(20) == 0 ? random.Next(2, 1000) : 1; // key gaps, some wide
        var name = $"{first[random.Next(first.Length)]} {last[random.Next(last.Length)]}";
        p[0].Value = id;
        p[1].Value = name;
        p[2].Value = random.Next(6) == 0 ? DBNull.Value : $"user{id}@example.org";
        p[3].Value = Math.Round(random.NextDouble() * 200_000 - 50_000, 2);
        p[4].Value = random.Next(8) == 0 ? DBNull.Value : (random.Next(1, 500) * 100m).ToString(CultureInfo.InvariantCulture);
        p[5].Value = epoch.AddSeconds(random.Next(0, 300_000_000)).AddTicks(random.Next(0, 1_000_000) * 10L).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        p[6].Value = statuses[random.Next(statuses.Length)];
        p[7].Value = random.Next(1, 400);
        p[8].Value = random.Next(10) == 0 ? DBNull.Value : random.NextDouble();
        p[9].Value = random.Next(3) == 0 ? DBNull.Value : $"note {random.Next(1000)} — ✓";
        insert.ExecuteNonQuery();
    }

    transaction.Commit();
}

SqliteConnection.ClearAllPools();
File.Copy(sourcePath, targetPath);

// Plant differences on the target: a third missing, a third extra, a third changed values.
var planted = new List<object>();
using (var connection = new SqliteConnection($"Data Source={targetPath}"))
{
    connection.Open();
    var ids = new List<long>();
    using (var select = connection.CreateCommand())
    {
        select.CommandText = "SELECT id FROM accounts";
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }
    }

    var maxId = ids[^1];
    var chosen = ids.OrderBy(_ => random.Next()).Take(differences).ToList();
    var existing = new HashSet<long>(ids);
    using var transaction = connection.BeginTransaction();
    string[] changeable = ["customer", "email", "balance", "credit_limit", "opened_at", "status", "branch", "score", "notes"];
    for (var i = 0; i < chosen.Count; i++)
    {
        var id = chosen[i];
        switch (i % 3)
        {
            case 0:
                Execute(connection, "DELETE FROM accounts WHERE id = @id", ("@id", id));
                planted.Add(new { type = "MissingInTarget", id, column = (string?)null });
                break;
            case 1:
                // A new id: inside a gap, or beyond the source's max.
                var newId = i % 2 == 0 ? maxId + 1 + i : id + 1;
                while (existing.Contains(newId))
                {
                    newId++;
                }

                existing.Add(newId);
                Execute(connection, "INSERT INTO accounts SELECT @new, customer, email, balance, credit_limit, opened_at, status, branch, score, notes FROM accounts WHERE id = @id",
                    ("@new", newId), ("@id", id));
                planted.Add(new { type = "MissingInSource", id = newId, column = (string?)null });
                break;
            default:
                var column = changeable[(i / 3) % changeable.Length];
                var change = column switch
                {
                    "customer" => "customer = customer || ' Jr.'",
                    "email" => "email = CASE WHEN email IS NULL THEN 'new@example.org' ELSE NULL END",
                    "balance" => "balance = balance + 0.01",
                    "credit_limit" => "credit_limit = COALESCE(credit_limit, 0) + 100",
                    "opened_at" => "opened_at = substr(opened_at, 1, 20) || '999999'",
                    "status" => "status = CASE status WHEN 'closed' THEN 'active' ELSE 'closed' END",
                    "branch" => "branch = branch + 1",
                    "score" => "score = CASE WHEN score IS NULL THEN 0.5 ELSE score * 2 + 1 END",
                    _ => "notes = COALESCE(notes, '') || ' (edited)'",
                };
                Execute(connection, $"UPDATE accounts SET {change} WHERE id = @id", ("@id", id));
                planted.Add(new { type = "ValueMismatch", id, column });
                break;
        }
    }

    transaction.Commit();
}

File.WriteAllText(Path.Combine(output, "planted.json"), JsonSerializer.Serialize(planted));
Console.WriteLine($"{rows:N0} rows in {sourcePath}; {planted.Count} planted differences in {targetPath}");
return 0;

static void Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    foreach (var (name, value) in parameters)
    {
        command.Parameters.AddWithValue(name, value);
    }

    command.ExecuteNonQuery();
}
