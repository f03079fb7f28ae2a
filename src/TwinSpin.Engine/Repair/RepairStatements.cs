using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Repair;

/// <summary>
/// The statement that repairs one discrepancy on <paramref name="repairedSide"/>, in <paramref name="dialect"/>'s SQL:
/// INSERT of the row the repaired side lacks (every planned column), DELETE of a row only it has, UPDATE of only the
/// differing columns; each by the full key, values as typed literals. The row read from the other side (null when it
/// is gone) decides whether the repair still applies.
/// </summary>
public sealed class RepairStatements(ComparePlan plan, SqlDialect dialect, string table, Side repairedSide)
{
    private readonly Dictionary<string, int> _index = plan.AllColumns.Select((c, i) => (c.Name, i))
        .ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);

    private Side FromSide => repairedSide == Side.Target ? Side.Source : Side.Target;

    public RepairStatement For(Discrepancy discrepancy, string label, IReadOnlyList<object?> key, IReadOnlyList<(string Column, object? Value)>? row)
    {
        var from = FromSide.ToString().ToLowerInvariant();
        if (discrepancy.Type == DiscrepancyType.DuplicateKey)
        {
            return Skip(label, key, $"the key is held by {discrepancy.DuplicateCount} rows on the {discrepancy.DuplicateSide?.ToString().ToLowerInvariant()} side; a repair cannot choose one");
        }

        var missingOnRepaired = discrepancy.Type == (repairedSide == Side.Target ? DiscrepancyType.MissingInTarget : DiscrepancyType.MissingInSource);
        var onlyOnRepaired = discrepancy.Type == (repairedSide == Side.Target ? DiscrepancyType.MissingInSource : DiscrepancyType.MissingInTarget);
        if (onlyOnRepaired)
        {
            return row is null
                ? new RepairStatement(RepairAction.Delete, label, key, $"DELETE FROM {table} WHERE {KeyCondition(discrepancy.Key)}")
                : Skip(label, key, $"the row is in the {from} now too; run the job again");
        }

        if (row is null)
        {
            return Skip(label, key, $"the row is no longer in the {from}; run the job again");
        }

        if (missingOnRepaired)
        {
            var columns = plan.AllColumns.Select(c => dialect.QuoteIdentifier(c.NameOn(repairedSide)));
            var values = plan.AllColumns.Select((c, i) => dialect.Literals.Literal(row[i].Value, c.Type));
            return new RepairStatement(RepairAction.Insert, label, key,
                $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", values)})");
        }

        var assignments = discrepancy.Fields.Select(f =>
        {
            var column = plan.AllColumns[_index[f.Column]];
            return $"{dialect.QuoteIdentifier(column.NameOn(repairedSide))} = {dialect.Literals.Literal(row[_index[f.Column]].Value, column.Type)}";
        });
        return new RepairStatement(RepairAction.Update, label, key,
            $"UPDATE {table} SET {string.Join(", ", assignments)} WHERE {KeyCondition(discrepancy.Key)}");
    }

    private string KeyCondition(IReadOnlyList<KeyPart> key) => string.Join(" AND ", key.Select((part, i) =>
        $"{dialect.QuoteIdentifier(plan.KeyColumns[i].NameOn(repairedSide))} = {dialect.Literals.Literal(part.Value, part.Type)}"));

    private static RepairStatement Skip(string label, IReadOnlyList<object?> key, string reason) =>
        new(RepairAction.Skip, label, key, string.Empty, reason);
}
