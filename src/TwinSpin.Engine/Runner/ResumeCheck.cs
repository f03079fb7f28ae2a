using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Store;

namespace TwinSpin.Engine.Runner;

/// <summary>Before a job resumes: both tables still have every column it compares, with the same types, and the
/// same key; otherwise the ranges already settled would not mean what they meant.</summary>
internal static class ResumeCheck
{
    public static async Task SameTablesAsync(JobDefinition definition, EndpointSpec source, EndpointSpec target, CancellationToken cancellationToken)
    {
        var sourceSchema = Preflight.ReadSchemaAsync(source, Side.Source, cancellationToken);
        var targetSchema = Preflight.ReadSchemaAsync(target, Side.Target, cancellationToken);
        await Task.WhenAll(sourceSchema, targetSchema).ConfigureAwait(false);
        var changes = Changes(definition.Plan, Side.Source, sourceSchema.Result).Concat(Changes(definition.Plan, Side.Target, targetSchema.Result)).ToList();
        if (changes.Count > 0)
        {
            throw new TwinSpinException(ErrorCode.SchemaChanged,
                $"Job '{definition.Name}' cannot resume: its tables changed since it started ({string.Join("; ", changes)}). " +
                "Start a new job with Start-TwinSpinJob.") { Target = definition.Name };
        }
    }

    private static IEnumerable<string> Changes(ComparePlan plan, Side side, TableSchema schema)
    {
        var sideName = side.ToString().ToLowerInvariant();
        foreach (var column in plan.AllColumns)
        {
            var was = column.On(side);
            var now = schema.Find(was.Name);
            if (now is null)
            {
                yield return $"{sideName} column '{was.Name}' is gone";
            }
            else if (now.Type != was.Type || !string.Equals(now.DeclaredType, was.DeclaredType, StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{sideName} column '{was.Name}' was {was.DeclaredType}, now {now.DeclaredType}";
            }
            else if (plan.KeyColumns.Contains(column) && now.PrimaryKeyOrdinal != was.PrimaryKeyOrdinal)
            {
                yield return $"{sideName} key column '{was.Name}' is no longer in the same place of the primary key";
            }
        }
    }
}
