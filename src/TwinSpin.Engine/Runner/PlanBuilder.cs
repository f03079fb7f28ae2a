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

        // A mapping to a column that is not there would otherwise only show as a column "not compared".
        foreach (var (from, to) in request.ColumnMap)
        {
            if (source.Find(from) is null || target.Find(to) is null)
            {
                var (missing, table, side) = source.Find(from) is null ? (from, source, "source") : (to, target, "target");
                throw new TwinSpinException(ErrorCode.ColumnNotFound,
                    $"-ColumnMap maps '{from}' to '{to}', but column '{missing}' does not exist in the {side} table '{table.Table}'. " +
                    $"Its columns are: {string.Join(", ", table.Columns.Select(c => c.Name))}.") { Target = missing };
            }
        }

        // Keys are matched exactly: rules would merge distinct keys (or turn '' into a NULL key).
        var keys = keyNames.Select(k => Column(k, source, target, request) with { Rules = ColumnRules.Exact }).ToList();

        List<PlannedColumn> compared;
        if (request.Columns.Count > 0)
        {
            compared = request.Columns.Where(c => !keys.Any(k => Same(k.Name, c))).Select(c => Column(c, source, target, request)).ToList();
        }
        else
        {
            compared = [];
            foreach (var column in source.Columns.Where(c => !keys.Any(k => Same(k.Name, c.Name))))
            {
                var targetName = request.ColumnMap.FirstOrDefault(m => Same(m.Key, column.Name)).Value ?? column.Name;
                if (target.Find(targetName) is null)
                {
                    warn?.Invoke($"Column '{column.Name}' exists only in the source and is not compared.");
                    continue;
                }

                compared.Add(Column(column.Name, source, target, request));
            }

            foreach (var column in target.Columns.Where(c => !compared.Any(p => Same(p.Target.Name, c.Name)) && !keys.Any(k => Same(k.Target.Name, c.Name))))
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
        var plan = new ComparePlan(keys, compared);
        var named = request.IgnoreCaseColumns.Concat(request.TrimColumns).Concat(request.Tolerances.Keys).Concat(request.ColumnMap.Keys);
        foreach (var name in named.Where(n => !plan.AllColumns.Any(c => Same(c.Name, n))))
        {
            throw new TwinSpinException(ErrorCode.ColumnNotFound,
                $"Column '{name}' has a comparison option but is not compared. Compared columns: {string.Join(", ", plan.AllColumns.Select(c => c.Name))}.") { Target = name };
        }

        return plan;
    }

    private static PlannedColumn Column(string name, TableSchema source, TableSchema target, CompareRequest request)
    {
        var s = source.Find(name) ?? throw Missing(name, source, "source");
        var targetName = request.ColumnMap.FirstOrDefault(m => Same(m.Key, s.Name)).Value ?? name;
        var t = target.Find(targetName) ?? throw Missing(targetName, target, "target");
        var type = CommonType(s.Type, t.Type) ?? throw new TwinSpinException(ErrorCode.TypeMismatch,
            $"Column '{s.Name}' is {s.DeclaredType} ({s.Type}) in the source but '{t.Name}' is {t.DeclaredType} ({t.Type}) in the target: " +
            "these cannot be compared. Exclude the column with -ExcludeColumn, or compare a view that converts it.") { Target = name };
        return new PlannedColumn(s.Name, type, s, t) { Rules = Rules(s.Name, type, s, t, request) };
    }

    /// <summary>The logical type two columns are compared as: their own when equal, else the wider of a
    /// compatible pair (integer within decimal within float; date within timestamp; boolean as 0/1).</summary>
    public static LogicalType? CommonType(LogicalType source, LogicalType target) => (source, target) switch
    {
        _ when source == target => source,
        (LogicalType.Integer, LogicalType.Decimal) or (LogicalType.Decimal, LogicalType.Integer) => LogicalType.Decimal,
        (LogicalType.Integer or LogicalType.Decimal, LogicalType.Float) or (LogicalType.Float, LogicalType.Integer or LogicalType.Decimal) => LogicalType.Float,
        (LogicalType.Date, LogicalType.Timestamp) or (LogicalType.Timestamp, LogicalType.Date) => LogicalType.Timestamp,
        (LogicalType.Boolean, LogicalType.Integer) or (LogicalType.Integer, LogicalType.Boolean) => LogicalType.Integer,
        _ => null,
    };

    private static ColumnRules Rules(string name, LogicalType type, ColumnInfo source, ColumnInfo target, CompareRequest request)
    {
        var ignoreCase = request.IgnoreCaseColumns.Any(c => Same(c, name));
        var trim = request.TrimColumns.Any(c => Same(c, name));
        if ((ignoreCase || trim) && type != LogicalType.Text)
        {
            throw new TwinSpinException(ErrorCode.InvalidArgument,
                $"Column '{name}' is {type}: case-insensitive and trimmed comparison apply to text columns only.") { Target = name };
        }

        decimal? tolerance = request.Tolerances.FirstOrDefault(t => Same(t.Key, name)) is { Key: not null } match ? match.Value : null;
        if (tolerance is not null && type is not (LogicalType.Integer or LogicalType.Decimal or LogicalType.Float))
        {
            throw new TwinSpinException(ErrorCode.InvalidArgument, $"Column '{name}' is {type}: a tolerance applies to numeric columns only.") { Target = name };
        }

        if (tolerance <= 0)
        {
            throw new TwinSpinException(ErrorCode.InvalidArgument, $"The tolerance for column '{name}' must be greater than zero.") { Target = name };
        }

        return new ColumnRules
        {
            IgnoreCase = ignoreCase,
            Trim = trim,
            EmptyAsNull = request.EmptyStringAsNull && type == LogicalType.Text,
            Tolerance = tolerance,
            TimestampDigits = type == LogicalType.Timestamp ? Math.Min(source.FractionalDigits ?? 6, target.FractionalDigits ?? 6) : 6,
        };
    }

    private static TwinSpinException Missing(string column, TableSchema table, string side) =>
        new(ErrorCode.ColumnNotFound,
            $"Column '{column}' does not exist in the {side} table '{table.Table}'. Its columns are: {string.Join(", ", table.Columns.Select(c => c.Name))}.")
        { Target = column };

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
