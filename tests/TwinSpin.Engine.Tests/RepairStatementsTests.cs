using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Endpoints.Db2;
using TwinSpin.Engine.Endpoints.Oracle;
using TwinSpin.Engine.Repair;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>
/// Repair statements for DB2 and Oracle, which cannot run here: golden SQL for a composite key of text and timestamp,
/// columns named differently on the two sides, and each kind of repair (the SQLite, PostgreSQL and MariaDB statements
/// are run by their own databases in Repair.Tests.ps1).
/// </summary>
public sealed class RepairStatementsTests
{
    private static PlannedColumn Column(string source, string target, LogicalType type) =>
        new(source, type, new ColumnInfo(source, type.ToString(), type, true, 0), new ColumnInfo(target, type.ToString(), type, true, 0));

    private static readonly ComparePlan Plan = new(
        [Column("region", "REGION", LogicalType.Text), Column("booked", "BOOKED_AT", LogicalType.Timestamp)],
        [Column("amount", "AMOUNT", LogicalType.Decimal), Column("note", "NOTE", LogicalType.Text), Column("blob", "PAYLOAD", LogicalType.Binary)]);

    private static readonly DateTime Booked = new DateTime(2024, 2, 29, 12, 34, 56, DateTimeKind.Utc).AddTicks(10);

    private static readonly IReadOnlyList<KeyPart> Key = [new("region", LogicalType.Text, "O'Hare"), new("booked", LogicalType.Timestamp, Booked)];

    private static readonly IReadOnlyList<(string, object?)> SourceRow =
        [("region", "O'Hare"), ("booked", Booked), ("amount", "12345678901234567890.0000000001"), ("note", null), ("blob", new byte[] { 0, 255 })];

    private static RepairStatement Repair(SqlDialect dialect, DiscrepancyType type, IReadOnlyList<FieldDifference> fields, IReadOnlyList<(string, object?)>? row) =>
        new RepairStatements(Plan, dialect, dialect.QuoteTable("LEDGER.BOOKINGS"), Side.Target)
            .For(new Discrepancy(type, Key, fields), "region='O''Hare'", Key.Select(k => k.Value).ToList(), row);

    private static readonly IReadOnlyList<FieldDifference> Changed =
        [new("amount", LogicalType.Decimal, 1m, 2m), new("blob", LogicalType.Binary, "00ff", "01")];

    [Fact]
    public void Db2_statements()
    {
        var db2 = new Db2Dialect(driverPath: null);
        Assert.Equal(
            "INSERT INTO \"LEDGER\".\"BOOKINGS\" (\"REGION\", \"BOOKED_AT\", \"AMOUNT\", \"NOTE\", \"PAYLOAD\") " +
            "VALUES ('O''Hare', TIMESTAMP('2024-02-29-12.34.56.000001'), 12345678901234567890.0000000001, NULL, BX'00FF')",
            Repair(db2, DiscrepancyType.MissingInTarget, [], SourceRow).Sql);
        Assert.Equal(
            "UPDATE \"LEDGER\".\"BOOKINGS\" SET \"AMOUNT\" = 12345678901234567890.0000000001, \"PAYLOAD\" = BX'00FF' " +
            "WHERE \"REGION\" = 'O''Hare' AND \"BOOKED_AT\" = TIMESTAMP('2024-02-29-12.34.56.000001')",
            Repair(db2, DiscrepancyType.ValueMismatch, Changed, SourceRow).Sql);
        Assert.Equal(
            "DELETE FROM \"LEDGER\".\"BOOKINGS\" WHERE \"REGION\" = 'O''Hare' AND \"BOOKED_AT\" = TIMESTAMP('2024-02-29-12.34.56.000001')",
            Repair(db2, DiscrepancyType.MissingInSource, [], null).Sql);
        Assert.Equal("COMMIT;", db2.Literals.CommitTransaction);
        Assert.Empty(db2.Literals.BeginTransaction);
    }

    [Fact]
    public void Oracle_statements()
    {
        var oracle = new OracleDialect(driverPath: null);
        Assert.Equal(
            "INSERT INTO \"LEDGER\".\"BOOKINGS\" (\"REGION\", \"BOOKED_AT\", \"AMOUNT\", \"NOTE\", \"PAYLOAD\") " +
            "VALUES ('O''Hare', TIMESTAMP '2024-02-29 12:34:56.000001', 12345678901234567890.0000000001, NULL, HEXTORAW('00FF'))",
            Repair(oracle, DiscrepancyType.MissingInTarget, [], SourceRow).Sql);
        Assert.Equal(
            "UPDATE \"LEDGER\".\"BOOKINGS\" SET \"AMOUNT\" = 12345678901234567890.0000000001, \"PAYLOAD\" = HEXTORAW('00FF') " +
            "WHERE \"REGION\" = 'O''Hare' AND \"BOOKED_AT\" = TIMESTAMP '2024-02-29 12:34:56.000001'",
            Repair(oracle, DiscrepancyType.ValueMismatch, Changed, SourceRow).Sql);
        Assert.DoesNotContain(";", Repair(oracle, DiscrepancyType.MissingInSource, [], null).Sql); // ODP.NET refuses a terminator
    }

    [Fact]
    public void A_row_that_changed_since_the_job_or_a_duplicated_key_is_skipped_with_the_reason()
    {
        var oracle = new OracleDialect(driverPath: null);
        var gone = Repair(oracle, DiscrepancyType.MissingInTarget, [], null);
        Assert.Equal(RepairAction.Skip, gone.Action);
        Assert.Equal("the row is no longer in the source; run the job again", gone.Reason);
        var back = Repair(oracle, DiscrepancyType.MissingInSource, [], SourceRow);
        Assert.Equal("the row is in the source now too; run the job again", back.Reason);
        var duplicated = new RepairStatements(Plan, oracle, "T", Side.Target)
            .For(new Discrepancy(DiscrepancyType.DuplicateKey, Key, []) { DuplicateSide = Side.Source, DuplicateCount = 3 }, "k", [], SourceRow);
        Assert.Equal(RepairAction.Skip, duplicated.Action);
        Assert.Contains("3 rows on the source side", duplicated.Reason);
    }
}
