using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Runner;
using TwinSpin.Engine.Store;

namespace TwinSpin.Hosting;

/// <summary>Tab completion of job ids from the job store (-Store if typed, else the default).</summary>
public sealed class JobIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var location = JobStores.ResolveLocation(fakeBoundParameters["Store"] as string);
            if (!JobStores.IsServer(location) && !Path.IsPathRooted(location))
            {
                // Relative to the PowerShell location, as the cmdlet will resolve it (completion runs on the pipeline thread).
                location = ScriptBlock.Create("$ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($args[0])")
                    .Invoke(location).FirstOrDefault()?.BaseObject as string ?? location;
            }
            if (!JobStores.IsServer(location) && !File.Exists(location))
            {
                return [];
            }

            var jobs = Task.Run(async () =>
            {
                await using var store = await JobStores.OpenAsync(location, CancellationToken.None).ConfigureAwait(false);
                return await store.GetJobsAsync(CancellationToken.None).ConfigureAwait(false);
            }).GetAwaiter().GetResult();
            return jobs
                .Where(j => j.Id.ToString(System.Globalization.CultureInfo.InvariantCulture).StartsWith(wordToComplete, StringComparison.Ordinal))
                .OrderByDescending(j => j.Id)
                .Select(j => new CompletionResult(j.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"{j.Id} {j.Definition.Name}", CompletionResultType.ParameterValue, $"{j.Definition.Name}: {j.Status}, {j.DiscrepanciesFound} discrepancies"))
                .ToList();
        }
        catch (Exception)
        {
            return []; // completion never throws at the user
        }
    }
}

/// <summary>Tab completion of column names from the -Source endpoint's table.</summary>
public sealed class ColumnCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var source = fakeBoundParameters["Source"] switch
            {
                Endpoint e => e,
                PSObject { BaseObject: Endpoint e } => e,
                _ => null,
            };
            if (source is null)
            {
                return [];
            }

            var spec = PipelineObjects.ToSpec(source);
            var schema = Task.Run(() => Preflight.ReadSchemaAsync(spec, Side.Source, CancellationToken.None)).GetAwaiter().GetResult();
            return schema.Columns
                .Where(c => c.Name.StartsWith(wordToComplete, StringComparison.OrdinalIgnoreCase))
                .Select(c => new CompletionResult(c.Name, c.Name, CompletionResultType.ParameterValue, $"{c.Name} {c.DeclaredType}"))
                .ToList();
        }
        catch (Exception)
        {
            return [];
        }
    }
}
