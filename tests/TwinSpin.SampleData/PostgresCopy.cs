using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace TwinSpin.SampleData;

/// <summary>Copies a sample database's accounts table into PostgreSQL with binary COPY, so every value
/// (doubles above all) arrives exactly as SQLite holds it.</summary>
public static class PostgresCopy
{
    public static void Run(string sqlitePath, string postgresConnectionString)
    {
        using var target = new NpgsqlConnection(postgresConnectionString);
        target.Open();
        using (var create = new NpgsqlCommand(
            """
            CREATE TABLE accounts (id bigint PRIMARY KEY, customer text NOT NULL, email text, balance double precision NOT NULL,
                credit_limit numeric(12,2), opened_at timestamp(6) NOT NULL, status text NOT NULL, branch bigint NOT NULL,
                score double precision, notes text)
            """, target))
        {
            create.ExecuteNonQuery();
        }

        using var source = new SqliteConnection($"Data Source={sqlitePath};Mode=ReadOnly");
        source.Open();
        using var select = source.CreateCommand();
        select.CommandText = "SELECT id, customer, email, balance, credit_limit, opened_at, status, branch, score, notes FROM accounts";
        using var reader = select.ExecuteReader();
        using var writer = target.BeginBinaryImport("COPY accounts FROM STDIN (FORMAT BINARY)");
        while (reader.Read())
        {
            writer.StartRow();
            writer.Write(reader.GetInt64(0), NpgsqlDbType.Bigint);
            writer.Write(reader.GetString(1), NpgsqlDbType.Text);
            WriteNullable(writer, reader, 2, r => r.GetString(2), NpgsqlDbType.Text);
            writer.Write(reader.GetDouble(3), NpgsqlDbType.Double);
            WriteNullable(writer, reader, 4, r => r.GetDecimal(4), NpgsqlDbType.Numeric);
            writer.Write(DateTime.Parse(reader.GetString(5), System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Timestamp);
            writer.Write(reader.GetString(6), NpgsqlDbType.Text);
            writer.Write(reader.GetInt64(7), NpgsqlDbType.Bigint);
            WriteNullable(writer, reader, 8, r => r.GetDouble(8), NpgsqlDbType.Double);
            WriteNullable(writer, reader, 9, r => r.GetString(9), NpgsqlDbType.Text);
        }

        writer.Complete();
    }

    private static void WriteNullable<T>(NpgsqlBinaryImporter writer, SqliteDataReader reader, int ordinal, Func<SqliteDataReader, T> read, NpgsqlDbType type)
    {
        if (reader.IsDBNull(ordinal))
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(read(reader), type);
        }
    }
}
