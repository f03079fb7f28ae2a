using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// Checks both tables against the request and decides the columns compared: the key (given, or the
/// source's primary key), then every non-key column present on both sides unless -Column or
/// -ExcludeColumn say otherwise. Fails with an error a DBA can act on.
/// </summary>
public static class PlanBuilder
{
    public static ComparePlan Build(CompareRequest request, TableSchema source, TableSchema target, Action<string>? warn = null)
    {
        var keyNames = request.KeyColumns.Count > 0 ? request.KeyColumns : source.PrimaryKey;
        if (keyNames.Count == 0)
        {
            throw new TwinSpinException(ErrorCode.NoKey,
                $"No key column given and table '{source.Table}' has no primary key. Name the key with -KeyColumn.") { Target = source.Table };
        }

        var keys = keyNames.Select(k => Column(k, source, target)).ToList();

        List<PlannedColumn> compared;
        if (request.Columns.Count > 0)
        {
            compared = request.Columns.Where(c => !keys.Any(k => Same(k.Name, c))).Select(c => Column(c, source, target)).ToList();
        }
        else
        {
            compared = [];
            foreach (var column in source.Columns.Where(c => !keys.Any(k => Same(k.Name, c.Name))))
            {
                if (target.Find(column.Name) is null)
                {
                    warn?.Invoke($"Column '{column.Name}' exists only in the source and is not compared.");
                    continue;
                }

                compared.Add(Column(column.Name, source, target));
            }

            foreach (var column in target.Columns.Where(c => source.Find(c.Name) is null && !keys.Any(k => Same(k.Name, c.Name))))
            {
                warn?.Invoke($"Column '{column.Name}' exists only in the target and is not compared.");
            }
        }

        foreach (var excluded in request.ExcludeColumns)
        {
            if (source.Find(excluded) is null && target.Find(excluded) is null)
            {
                throw new TwinSpinException(ErrorCode.ColumnNotFound, $"Excluded column '{excluded}' exists in neither table.") { Target = excluded };
            }
        }

        compared = compared.Where(c => !request.ExcludeColumns.Any(e => Same(e, c.Name))).ToList();
        return new ComparePlan(keys, compared);
    }

    private static PlannedColumn Column(string name, TableSchema source, TableSchema target)
    {
        var s = source.Find(name) ?? throw Missing(name, source, "source");
        var t = target.Find(name) ?? throw Missing(name, target, "target");
        if (s.Type != t.Type)
        {
            throw new TwinSpinException(ErrorCode.TypeMismatch,
                $"Column '{name}' is {s.DeclaredType} ({s.Type}) in the source but {t.DeclaredType} ({t.Type}) in the target; " +
                "exclude it with -ExcludeColumn or compare a converted view.") { Target = name };
        }

        return new PlannedColumn(s.Name, s.Type, s, t);
    }

    private static TwinSpinException Missing(string column, TableSchema table, string side) =>
        new(ErrorCode.ColumnNotFound,
            $"Column '{column}' does not exist in the {side} table '{table.Table}'. Its columns are: {string.Join(", ", table.Columns.Select(c => c.Name))}.")
        { Target = column };

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
