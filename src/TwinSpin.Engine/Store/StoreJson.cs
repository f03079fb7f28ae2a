using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using TwinSpin.Engine.Diffing;
using TwinSpin.Engine.Endpoints;
using TwinSpin.Engine.Hashing;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Runner;

namespace TwinSpin.Engine.Store;

/// <summary>The JSON forms the store keeps: readable from plain SQL, and exact on the way back.</summary>
public static class StoreJson
{
    // Source-generated (StoreJsonContext): no reflection over these types on a session's first job.
    private static readonly StoreJsonContext Context = StoreJsonContext.Default;

    public static string Endpoint(EndpointSpec spec) => new JsonObject
    {
        ["provider"] = spec.Provider.ToString(),
        ["connectionString"] = spec.RedactedConnectionString,
        ["table"] = spec.Table,
        ["where"] = spec.Where,
        ["dialect"] = spec.Dialect,
        ["driverPath"] = spec.DriverPath,
        // The names (never the values) of the secrets left out, so a resume knows what to ask for.
        ["withheldSecrets"] = new JsonArray(ConnectionStrings.SecretKeywords(spec.ConnectionString, Engines.For(spec.Provider).Credentials.OdbcSyntax).Select(k => (JsonNode)k).ToArray()),
    }.ToJsonString();

    public static EndpointSpec ParseEndpoint(string json)
    {
        var node = JsonNode.Parse(json)!;
        return new EndpointSpec(Enum.Parse<ProviderKind>((string)node["provider"]!), (string)node["connectionString"]!,
            (string)node["table"]!, (string?)node["where"])
        {
            Dialect = (string?)node["dialect"],
            DriverPath = (string?)node["driverPath"],
            WithheldSecrets = node["withheldSecrets"]?.AsArray().Select(k => (string)k!).ToList() ?? [],
        };
    }

    public static string Plan(ComparePlan plan) => JsonSerializer.Serialize(
        new PlanDto(plan.KeyColumns.ToList(), plan.ComparedColumns.ToList(), plan.HashPartitioned, plan.NativeRowHash), Context.PlanDto);

    public static ComparePlan ParsePlan(string json)
    {
        var dto = JsonSerializer.Deserialize(json, Context.PlanDto)!;
        return new ComparePlan(dto.Keys, dto.Columns) { HashPartitioned = dto.HashPartitioned, NativeRowHash = dto.NativeRowHash };
    }

    public static string JobOptions(JobOptions options) => JsonSerializer.Serialize(options, Context.JobOptions);

    public static JobOptions ParseJobOptions(string json) => JsonSerializer.Deserialize(json, Context.JobOptions)!;

    public static string? Bound(KeyBound? bound) => bound is null ? null : new JsonArray(bound.Values.Select(RawValue).ToArray()).ToJsonString();

    public static KeyBound? ParseBound(string? json) =>
        json is null ? null : new KeyBound(JsonNode.Parse(json)!.AsArray().Select(ParseRawValue).ToList());

    public static string Key(IReadOnlyList<KeyPart> key)
    {
        var node = new JsonObject();
        foreach (var part in key)
        {
            node[part.Column] = Value(part.Type, part.Value);
        }

        return node.ToJsonString();
    }

    public static IReadOnlyList<KeyPart> ParseKey(string json, ComparePlan plan)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        return plan.KeyColumns.Select(c => new KeyPart(c.Name, c.Type, ParseValue(c.Type, node[c.Name]))).ToList();
    }

    public static string Fields(IReadOnlyList<FieldDifference> fields) => new JsonArray(fields.Select(f => (JsonNode)new JsonObject
    {
        ["column"] = f.Column,
        ["source"] = Value(f.Type, f.SourceValue),
        ["target"] = Value(f.Type, f.TargetValue),
    }).ToArray()).ToJsonString();

    public static IReadOnlyList<FieldDifference> ParseFields(string json, ComparePlan plan)
    {
        var types = plan.AllColumns.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        return JsonNode.Parse(json)!.AsArray().Select(n =>
        {
            var column = (string)n!["column"]!;
            var type = types.GetValueOrDefault(column, LogicalType.Text);
            return new FieldDifference(column, type, ParseValue(type, n["source"]), ParseValue(type, n["target"]));
        }).ToList();
    }

    /// <summary>A display value (as <see cref="Batches.ArrowValues.ToDisplay"/> makes it) as JSON.</summary>
    public static JsonNode? Value(LogicalType type, object? value) => value switch
    {
        null => null,
        long l => JsonValue.Create(l),
        double d when double.IsFinite(d) => JsonValue.Create(d),
        double d => JsonValue.Create(CanonicalForms.Float(d)),
        decimal m => JsonValue.Create(m.ToString(CultureInfo.InvariantCulture)),
        bool b => JsonValue.Create(b),
        DateTime dt when type == LogicalType.Date => JsonValue.Create(dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        DateTime dt => JsonValue.Create(dt.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)),
        string s => JsonValue.Create(s),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    public static object? ParseValue(LogicalType type, JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        return type switch
        {
            LogicalType.Integer => node.GetValue<long>(),
            LogicalType.Float => node.GetValueKind() == JsonValueKind.String
                ? double.Parse(node.GetValue<string>().Replace("inf", "Infinity", StringComparison.Ordinal).Replace("nan", "NaN", StringComparison.Ordinal), CultureInfo.InvariantCulture)
                : node.GetValue<double>(),
            LogicalType.Decimal => decimal.TryParse(node.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m : node.GetValue<string>(),
            LogicalType.Boolean => node.GetValue<bool>(),
            LogicalType.Date or LogicalType.Timestamp => DateTime.SpecifyKind(
                DateTime.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc),
            _ => node.GetValue<string>(),
        };
    }

    /// <summary>A key value as the database returned it. Types JSON lacks are tagged, so they come back as they went;
    /// smaller integers and floats come back widened (as parameters they are bound widened anyway). Any other type
    /// (PostgreSQL inet, ...) is kept as its text: such keys are compared as their text (<see cref="SqlDialect.KeyComparable"/>).</summary>
    private static JsonNode? RawValue(object value) => value switch
    {
        long l => JsonValue.Create(l),
        int or short or sbyte or byte or ushort or uint => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create((double)f),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        decimal m => Tagged("decimal", m.ToString(CultureInfo.InvariantCulture)),
        byte[] bytes => Tagged("binary", Convert.ToHexString(bytes)),
        DateTime dt => Tagged("datetime", dt.ToString("O", CultureInfo.InvariantCulture)),
        DateTimeOffset dto => Tagged("datetimeoffset", dto.ToString("O", CultureInfo.InvariantCulture)),
        Guid g => Tagged("guid", g.ToString("D")),
        DateOnly date => Tagged("date", date.ToString("O", CultureInfo.InvariantCulture)),
        TimeOnly time => Tagged("time", time.ToString("O", CultureInfo.InvariantCulture)),
        TimeSpan span => Tagged("timespan", span.ToString("c", CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static JsonObject Tagged(string type, string value) => new() { ["$type"] = type, ["value"] = value };

    private static object ParseRawValue(JsonNode? node) => node!.GetValueKind() switch
    {
        JsonValueKind.Number when node.AsValue().TryGetValue<long>(out var l) => l,
        JsonValueKind.Number => node.GetValue<double>(),
        JsonValueKind.True or JsonValueKind.False => node.GetValue<bool>(),
        JsonValueKind.Object => ((string)node["$type"]!, (string)node["value"]!) switch
        {
            ("decimal", var v) => decimal.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
            ("binary", var v) => Convert.FromHexString(v),
            ("datetime", var v) => DateTime.Parse(v, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            ("datetimeoffset", var v) => DateTimeOffset.Parse(v, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            ("guid", var v) => Guid.Parse(v),
            ("date", var v) => DateOnly.Parse(v, CultureInfo.InvariantCulture),
            ("time", var v) => TimeOnly.Parse(v, CultureInfo.InvariantCulture),
            ("timespan", var v) => TimeSpan.Parse(v, CultureInfo.InvariantCulture),
            var (t, _) => throw new NotSupportedException($"Unknown stored key type '{t}'."),
        },
        _ => node.GetValue<string>(),
    };

    public static string Warnings(IReadOnlyList<string> warnings) => JsonSerializer.Serialize(warnings.ToArray(), Context.StringArray);

    /// <summary>NULL for jobs recorded before warnings were kept, or that wrote none.</summary>
    public static string[] ParseWarnings(string? json) => json is null ? [] : JsonSerializer.Deserialize(json, Context.StringArray) ?? [];

    internal sealed record PlanDto(List<PlannedColumn> Keys, List<PlannedColumn> Columns, bool HashPartitioned = false, bool NativeRowHash = false);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(StoreJson.PlanDto))]
[JsonSerializable(typeof(JobOptions))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
