namespace TwinSpin.Engine.Repair;

public enum RepairAction
{
    Insert,
    Update,
    Delete,
    /// <summary>Not repaired; <see cref="RepairStatement.Reason"/> says why (the row changed since the job, a duplicated key).</summary>
    Skip,
}

/// <summary>One statement of a repair, for the row with <see cref="KeyText"/>. <see cref="Sql"/> has no terminator
/// (a script adds one; a driver takes it as is); a skipped row has a reason instead.</summary>
public sealed record RepairStatement(RepairAction Action, string KeyText, IReadOnlyList<object?> Key, string Sql, string? Reason = null);

/// <summary>How many statements of each kind a repair has.</summary>
public sealed record RepairCounts(long Inserts, long Updates, long Deletes, long Skipped)
{
    public static RepairCounts Of(IEnumerable<RepairStatement> statements)
    {
        long inserts = 0, updates = 0, deletes = 0, skipped = 0;
        foreach (var statement in statements)
        {
            switch (statement.Action)
            {
                case RepairAction.Insert: inserts++; break;
                case RepairAction.Update: updates++; break;
                case RepairAction.Delete: deletes++; break;
                default: skipped++; break;
            }
        }

        return new RepairCounts(inserts, updates, deletes, skipped);
    }

    public RepairCounts Add(RepairCounts other) =>
        new(Inserts + other.Inserts, Updates + other.Updates, Deletes + other.Deletes, Skipped + other.Skipped);

    public static RepairCounts None { get; } = new(0, 0, 0, 0);
}
