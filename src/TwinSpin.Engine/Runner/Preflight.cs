using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Runner;

/// <summary>
/// Checks made before any range is compared: both tables exist, the plan is sound, no key is NULL,
/// and the key is unique on both sides (proved by a primary key or unique index, or probed).
/// </summary>
public static class Preflight
{
    public static async Task<TableSchema> ReadSchemaAsync(EndpointSpec spec, Side side, CancellationToken cancellationToken)
    {
        var dialect = SqlDialect.For(spec);
        await using var connection = await dialect.OpenAsync(spec.ConnectionString, cancellationToken).ConfigureAwait(false);
        var schema = await dialect.ReadSchemaAsync(connection, spec.Table, cancellationToken).ConfigureAwait(false);
        return schema ?? throw new TwinSpinException(ErrorCode.TableNotFound,
            $"Table '{spec.Table}' does not exist in the {side.ToString().ToLowerInvariant()} database ({spec.RedactedConnectionString}).")
        { Target = spec.Table };
    }

    /// <summary>Reads both tables, builds the plan, and returns the request with each table named as the
    /// database spells it (a case-insensitive match on engines that fold names).</summary>
    public static async Task<(CompareRequest Request, ComparePlan Plan, TableSchema Source, TableSchema Target)> PlanAsync(
        CompareRequest request, Action<string>? warn, CancellationToken cancellationToken)
    {
        request.Options.Validate();
        CheckFilter(request.Where, "-Where");
        CheckFilter(request.Source.Where, "the source endpoint's -Where");
        CheckFilter(request.Target.Where, "the target endpoint's -Where");
        var source = ReadSchemaAsync(request.Source, Side.Source, cancellationToken);
        var target = ReadSchemaAsync(request.Target, Side.Target, cancellationToken);
        await Task.WhenAll(source, target).ConfigureAwait(false);
        var resolved = request with
        {
            Source = request.Source with { Table = source.Result.Table },
            Target = request.Target with { Table = target.Result.Table },
        };
        var plan = PlanBuilder.Build(resolved, source.Result, target.Result, warn);
        plan = plan with { HashPartitioned = HashPartitioned(request, plan, warn) };
        CheckRange(request.Range, plan);
        return (resolved, plan, source.Result, target.Result);
    }

    /// <summary>
    /// Refuses a filter that could end TwinSpin's query and run a statement of its own: a ';' outside
    /// quotes ('...', "..." or `...`), or a ';' with anything that engines quote differently (a comment, a
    /// backslash, a '$', a line break). A ';' inside a quoted name or literal is fine. Nothing has run yet.
    /// </summary>
    public static void CheckFilter(string? filter, string parameter)
    {
        if (filter is null || !filter.Contains(';', StringComparison.Ordinal))
        {
            return;
        }

        if (filter.IndexOfAny(['\\', '$', '#', '\r', '\n']) >= 0 || filter.Contains("--", StringComparison.Ordinal) || filter.Contains("/*", StringComparison.Ordinal))
        {
            throw Refused("a ';' together with a comment, a backslash, a '$' or a line break (databases disagree on which of that text is quoted)");
        }

        char? quote = null;
        foreach (var c in filter)
        {
            if (quote is null)
            {
                if (c == ';')
                {
                    throw Refused("a ';' outside quotes, which would end TwinSpin's query and start another statement");
                }

                quote = c is '\'' or '"' or '`' ? c : null;
            }
            else if (c == quote)
            {
                quote = null; // a doubled quote closes and reopens the quoted part: the same outcome
            }
        }

        if (quote is not null)
        {
            throw Refused($"a {quote} that is never closed", "Close the quote");
        }

        TwinSpinException Refused(string what, string fix = "Remove the ';' (a literal semicolon can be written CHR(59), or CHAR(59) on MariaDB)") =>
            new(ErrorCode.InvalidArgument,
                $"{char.ToUpperInvariant(parameter[0])}{parameter[1..]} must be one SQL condition, but \"{filter}\" has {what}. Nothing was run. {fix}.")
            { Target = filter };
    }

    /// <summary>-From and -To give at most one value per key column (one for a hash-partitioned job's bounds),
    /// and an integer key takes integer values: a database would compare a text value with it otherwise, or not at all.</summary>
    private static void CheckRange(Partitioning.KeyRange range, ComparePlan plan)
    {
        List<string> keys = plan.HashPartitioned ? ["the partition hash"] : [.. plan.KeyColumns.Select(k => k.Name)];
        foreach (var (bound, parameter) in new[] { (range.Lower, "-From"), (range.Upper, "-To") })
        {
            if (bound is null)
            {
                continue;
            }

            if (bound.Values.Count > keys.Count)
            {
                throw new TwinSpinException(ErrorCode.InvalidArgument,
                    $"{parameter} has {bound.Values.Count} values but the key has {keys.Count} column(s) ({string.Join(", ", keys)}): " +
                    "give at most one value per key column, in key order.") { Target = parameter };
            }

            for (var i = 0; i < bound.Values.Count; i++)
            {
                if ((plan.HashPartitioned || plan.KeyColumns[i].Type == LogicalType.Integer) && !IsInteger(bound.Values[i]))
                {
                    throw new TwinSpinException(ErrorCode.InvalidArgument,
                        $"{parameter} value {new Partitioning.KeyBound([bound.Values[i]])} is not an integer, but " +
                        $"{(plan.HashPartitioned ? keys[i] : $"key column '{keys[i]}'")} is: give it as a number.") { Target = parameter };
                }
            }
        }

        static bool IsInteger(object value) => value switch
        {
            sbyte or byte or short or ushort or int or uint or long or ulong or bool or System.Numerics.BigInteger => true,
            decimal d => d == decimal.Truncate(d),
            double d => double.IsFinite(d) && d == Math.Truncate(d),
            float f => float.IsFinite(f) && f == MathF.Truncate(f),
            _ => false,
        };
    }

    /// <summary>Hash partitioning when asked for, or (Auto) when a text key is not ordered by code point on a side.</summary>
    public static bool HashPartitioned(CompareRequest request, ComparePlan plan, Action<string>? warn)
    {
        switch (request.Options.KeyPartitioning)
        {
            case KeyPartitioning.Range:
                return false;
            case KeyPartitioning.Hash:
                return true;
        }

        var textKey = plan.KeyColumns.Any(k => k.Type == LogicalType.Text);
        var unordered = new[] { request.Source, request.Target }.Select(SqlDialect.For).FirstOrDefault(d => !d.OrdersTextByCodePoint);
        if (textKey && unordered is not null)
        {
            warn?.Invoke($"{unordered.Name} does not order text keys by code point here: key ranges are cut over a hash of the key " +
                "(correct whatever the collations, but ranges are scanned rather than sought). Use -KeyPartitioning to choose.");
            return true;
        }

        return false;
    }

    /// <summary>Fails with NullKey or KeyNotUnique, naming up to five offending keys.</summary>
    public static async Task CheckKeysAsync(CompareRequest request, ComparePlan plan, TableSchema sourceSchema, TableSchema targetSchema, CancellationToken cancellationToken)
    {
        await CheckSideAsync(request.Source, Side.Source, sourceSchema).ConfigureAwait(false);
        await CheckSideAsync(request.Target, Side.Target, targetSchema).ConfigureAwait(false);

        async Task CheckSideAsync(EndpointSpec spec, Side side, TableSchema schema)
        {
            var keyNames = plan.KeyColumns.Select(k => k.NameOn(side)).ToList();
            await using var session = await EndpointSession.OpenAsync(spec, side, plan, request.Where, cancellationToken).ConfigureAwait(false);
            var sideName = side.ToString().ToLowerInvariant();
            if (keyNames.Any(k => schema.Find(k)!.IsNullable))
            {
                var nulls = await session.NullKeyCountAsync(cancellationToken).ConfigureAwait(false);
                if (nulls > 0)
                {
                    throw new TwinSpinException(ErrorCode.NullKey,
                        $"{nulls} row(s) of the {sideName} table '{spec.Table}' have a NULL in key column(s) {string.Join(", ", keyNames)}. " +
                        "Rows without a key cannot be matched: exclude them with -Where or choose another key.") { Target = spec.Table };
                }
            }

            if (!schema.IsProvablyUnique(keyNames))
            {
                var duplicates = await session.DuplicateKeysAsync(5, cancellationToken).ConfigureAwait(false);
                if (duplicates.Count > 0)
                {
                    var examples = string.Join("; ", duplicates.Select(d => string.Join(", ", d.Take(keyNames.Count))));
                    throw new TwinSpinException(ErrorCode.KeyNotUnique,
                        $"Key ({string.Join(", ", keyNames)}) is not unique in the {sideName} table '{spec.Table}'; duplicated keys include: {examples}. " +
                        "Choose key columns that identify one row each.") { Target = spec.Table };
                }
            }
        }
    }
}
