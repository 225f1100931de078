using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Econeura.Portal.Tests.Security;

/// <summary>
/// Hundreds of generated bad requests against every POST and PUT of the API: each answered with a problem document and
/// a 4xx, none with a 5xx, and not one row written.
/// </summary>
public sealed class BadInputFuzzTests(PortalFixture fixture, ITestOutputHelper output) : IClassFixture<PortalFixture>
{
    /// <summary>
    /// Text fields whose values are names from a fixed list; an unknown name must be refused, never read as a number or a
    /// default. Fields typed as enums are found in the bodies' types (<see cref="EnumFields"/>) and need no listing here.
    /// </summary>
    private static readonly HashSet<string> NamedValueFields = ["defaultAction", "kind", "atLimit", "decision"];

    [Fact]
    public async Task Malformed_mistyped_unstorable_oversized_and_unknown_values_get_a_4xx_problem_and_store_nothing()
    {
        var admin = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Get("diego"));
        // The invoke gateway's required headers, so that its body is what is judged; the other endpoints ignore them.
        admin.DefaultRequestHeaders.Add("X-Route", "fuzz");
        admin.DefaultRequestHeaders.Add("X-Correlation-Id", "fuzz-1");
        // The platform's routes take the platform operator, so that their bodies, not their policy, are what is judged.
        var platformOperator = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Get("olga"));
        var samples = await ValidBodiesAsync(admin);
        var writeRoutes = fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/") && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { } methods
                && (methods.Contains("POST") || methods.Contains("PUT")))
            .Select(e => $"{e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods[0]} {e.RoutePattern.RawText}")
            .ToList();
        Assert.Empty(writeRoutes.Except(samples.Keys)); // a new POST or PUT needs a valid sample here to be fuzzed
        var enumFields = EnumFields();
        foreach (var (route, fields) in enumFields)
            Assert.All(fields.Keys, field => Assert.Contains(field, Leaves(samples[route]!).Select(l => string.Join('.', l.Path)))); // each is in its sample, so each is fuzzed
        Assert.Contains("PUT /api/v1/admin/agents/{agentId}", enumFields.Keys);

        var before = await RowCountsAsync();
        var statuses = new SortedDictionary<int, int>();
        var failures = new List<string>();
        var sent = 0;
        foreach (var route in writeRoutes)
        {
            var (method, path) = (route.Split(' ')[0], Path(route.Split(' ')[1]));
            foreach (var (label, content, refusedAs400) in BadBodies(samples[route], enumFields.GetValueOrDefault(route) ?? []))
            {
                // Expect: 100-continue lets the server refuse an oversized body before it is sent, instead of closing mid-upload.
                var client = path.StartsWith("/api/v1/operator/", StringComparison.Ordinal) ? platformOperator : admin;
                using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = content, Headers = { ExpectContinue = true } });
                sent++;
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status is < 400 or >= 500 || (refusedAs400 && status != 400) || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    failures.Add($"{route} with {label}: {status} {response.Content.Headers.ContentType?.MediaType} {Snippet(await response.Content.ReadAsStringAsync())}");
            }
        }
        var after = await RowCountsAsync();

        output.WriteLine($"{sent} bad requests over {writeRoutes.Count} POST/PUT endpoints: " + string.Join(", ", statuses.Select(s => $"{s.Key} × {s.Value}")));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, after);
        Assert.True(sent >= 300, $"Only {sent} bad requests were generated.");
    }

    /// <summary>A request each endpoint accepts, so that each bad variant differs from something valid by one fault.</summary>
    private static async Task<Dictionary<string, JsonNode?>> ValidBodiesAsync(HttpClient admin)
    {
        var dlpPolicy = JsonNode.Parse(await admin.GetStringAsync("/api/v1/agents/neura-8/dlp-policy"));
        var riskPolicy = JsonNode.Parse(await admin.GetStringAsync("/api/v1/risk/policy"))!;
        var budgets = JsonNode.Parse(await admin.GetStringAsync("/api/v1/budgets"))!.AsArray();
        var agents = JsonNode.Parse(await admin.GetStringAsync("/api/v1/admin/agents"))!.AsArray();
        var legal = budgets.Single(b => (string?)b!["scope"] == "legal")!;
        await admin.GetStringAsync("/api/v1/prices"); // the tenant's price table is seeded on first read, before the row count
        return new()
        {
            ["POST /api/v1/executions/"] = new JsonObject { ["agentId"] = "neura-1", ["input"] = "Resume el informe trimestral" },
            ["POST /api/invoke/{agentId}"] = new JsonObject
            {
                ["input"] = "Resume el informe trimestral", ["policy"] = new JsonObject { ["pii"] = "mask" }, ["meta"] = new JsonObject { ["source"] = "crm" },
            },
            ["POST /api/v1/dlp/scan"] = new JsonObject { ["text"] = "Llama al 612 345 678" },
            ["POST /api/v1/risk/evaluate"] = new JsonObject { ["agentId"] = "neura-1", ["input"] = "Resume el informe trimestral" },
            ["PUT /api/v1/agents/{agentId}/dlp-policy/"] = dlpPolicy,
            ["PUT /api/v1/risk/policy"] = new JsonObject { ["policy"] = riskPolicy["policy"]!.DeepClone(), ["version"] = riskPolicy["version"]!.DeepClone() },
            ["PUT /api/v1/admin/agents/{agentId}"] = WithSimulatorSettings(agents.Single(a => (string?)a!["agent"]!["id"] == "neura-8")!["agent"]!.DeepClone()),
            ["PUT /api/v1/budgets/{scope}"] = new JsonObject
            {
                ["limitEur"] = legal["limitEur"]!.DeepClone(), ["thresholdsPercent"] = legal["thresholdsPercent"]!.DeepClone(),
                ["atLimit"] = legal["atLimit"]!.DeepClone(), ["version"] = legal["version"]!.DeepClone(),
            },
            ["PUT /api/v1/budgets/alert-channels"] = new JsonObject
            {
                ["channels"] = new JsonArray(new JsonObject { ["name"] = "Finanzas", ["url"] = "https://alerts.example.com/hook" }), ["version"] = 0,
            },
            // Nobody of that id ever signed in: even a body that binds ends in a refusal.
            ["PUT /api/v1/admin/people/{userId}/cost-centre"] = new JsonObject { ["costCentre"] = "CC-4100", ["version"] = 0 },
            ["POST /api/v1/prices/"] = new JsonObject
            {
                ["key"] = "fuzz-model", ["kind"] = "tokens", ["inputPer1K"] = 0.001m, ["outputPer1K"] = 0.002m, ["perCallEur"] = 0m, ["effectiveFrom"] = "2027-01-01",
            },
            // Ids that exist nowhere: even a body that binds must end in a refusal, never in a change.
            ["POST /api/v1/approvals/{id:guid}/decision"] = new JsonObject { ["decision"] = "approve", ["reason"] = "De acuerdo" },
            ["POST /api/v1/executions/{id:guid}/cancel"] = null,
            ["POST /api/v1/executions/{id:guid}/retry"] = null,
            ["POST /api/v1/executions/{id:guid}/stop"] = null,
            ["POST /api/v1/conversations/"] = new JsonObject { ["agentId"] = "neura-1", ["message"] = "Resume el informe trimestral" },
            ["POST /api/v1/conversations/{id:guid}/messages"] = new JsonObject { ["message"] = "¿Y el trimestre anterior?" },
            ["POST /api/dev/token"] = new JsonObject { ["persona"] = "ana" },
            ["POST /api/v1/operator/tenants/"] = new JsonObject
            {
                ["directoryId"] = "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6", ["displayName"] = "Fuzz Ltd", ["timeZone"] = "Europe/Madrid",
                ["defaultBudgetEur"] = 100, ["applySeedRoutes"] = false,
            },
            ["POST /api/v1/operator/tenants/{directoryId}/offboard"] = null,
        };
    }

    /// <summary>The simulator's own settings, so that their preset, an enum, is in the body to be spoiled.</summary>
    private static JsonNode WithSimulatorSettings(JsonNode agent)
    {
        agent["simulator"] = new JsonObject { ["preset"] = "Normal" };
        return agent;
    }

    /// <summary>
    /// Every enum-typed field of every POST and PUT body, by route, with its names: read from the types the endpoints
    /// bind their bodies to, so a new enum field is fuzzed without anyone listing it.
    /// </summary>
    private Dictionary<string, Dictionary<string, string[]>> EnumFields() =>
        fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/") && e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is not null
                && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { } methods && (methods.Contains("POST") || methods.Contains("PUT")))
            .Select(e => (Route: $"{e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods[0]} {e.RoutePattern.RawText}",
                Fields: EnumPaths(e.Metadata.GetMetadata<IAcceptsMetadata>()!.RequestType!, []).ToDictionary(f => f.Path, f => f.Names)))
            .Where(r => r.Fields.Count > 0)
            .ToDictionary(r => r.Route, r => r.Fields);

    private static IEnumerable<(string Path, string[] Names)> EnumPaths(Type type, string[] prefix)
    {
        if (prefix.Length > 4) yield break;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is null || property.GetCustomAttribute<JsonIgnoreAttribute>() is not null) continue;
            string[] path = [.. prefix, JsonNamingPolicy.CamelCase.ConvertName(property.Name)];
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType.IsEnum) yield return (string.Join('.', path), Enum.GetNames(propertyType));
            else if (propertyType.IsClass && propertyType.Namespace?.StartsWith("Econeura.", StringComparison.Ordinal) == true)
                foreach (var inner in EnumPaths(propertyType, path)) yield return inner;
        }
    }

    private static string Path(string pattern) => pattern
        .Replace("{id:guid}", "0195f3c1-0000-7000-8000-00000000beef").Replace("{agentId}", "neura-8").Replace("{scope}", "legal")
        .Replace("{directoryId}", "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6").Replace("{userId}", "fuzz-nobody");

    /// <summary>Bad variants of a body; those that spoil a named value must be refused as a validation problem (400) exactly.</summary>
    private static IEnumerable<(string Label, HttpContent Content, bool RefusedAs400)> BadBodies(JsonNode? valid, Dictionary<string, string[]> enumFields)
    {
        foreach (var (label, text) in MalformedDocuments()) yield return (label, Json(text), false);
        yield return ("invalid UTF-8", new ByteArrayContent([.. "{\"input\":\""u8, 0xff, 0xfe, 0xc3, .. "\"}"u8]) { Headers = { ContentType = new("application/json") } }, false);
        yield return ("text/plain", new StringContent(valid?.ToJsonString() ?? "{}", Encoding.UTF8, "text/plain"), false);
        yield return ("a 2 MB body", Json($$"""{"input":"{{new string('x', 2_000_000)}}"}"""), false);
        yield return ("10,000 nested arrays", Json(new string('[', 10_000) + new string(']', 10_000)), false);
        yield return ("10,000 nested objects", Json(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000)), false);
        if (valid is null) yield break;
        foreach (var (path, leaf) in Leaves(valid))
        {
            var names = enumFields.GetValueOrDefault(string.Join('.', path))
                ?? (NamedValueFields.Contains(path[^1]) || path.Contains("overrides") ? ["Allow", "Block"] : null);
            var spoilt = WrongValues(leaf).Select(w => (w.Label, w.Value, RefusedAs400: false))
                .Concat(NotOneName(names ?? []).Select(w => (w.Label, w.Value, RefusedAs400: true)));
            foreach (var (label, replacement, refusedAs400) in spoilt)
            {
                var body = valid.DeepClone();
                Replace(body, path, replacement);
                yield return ($"{string.Join('.', path)} = {label}", Json(body.ToJsonString().Replace(LoneSurrogate, "\\ud800")), refusedAs400);
            }
        }
    }

    private static IEnumerable<(string Label, string Text)> MalformedDocuments() =>
    [
        ("an empty body", ""), ("whitespace", "   "), ("a bare null", "null"), ("an array", "[]"), ("a number", "42"),
        ("a truncated object", "{\"input\":"), ("a trailing comma", "{\"input\":\"a\",}"), ("single quotes", "{'input':'a'}"),
        ("an unquoted key", "{input:\"a\"}"), ("a comment", "{/* hi */}"), ("two documents", "{}{}"), ("a lone NUL byte", "\0"),
        ("escaped surrogates in the wrong order", "{\"input\":\"\\udc00\\ud800\"}"),
    ];

    /// <summary>Every value of a valid body, by path, so each can be spoiled on its own.</summary>
    private static IEnumerable<(string[] Path, JsonNode? Leaf)> Leaves(JsonNode node, string[]? prefix = null)
    {
        prefix ??= [];
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj.ToList())
            {
                string[] path = [.. prefix, name];
                yield return (path, child);
                if (child is JsonObject or JsonArray)
                    foreach (var inner in Leaves(child, path)) yield return inner;
            }
        }
    }

    private static IEnumerable<(string Label, JsonNode? Value)> WrongValues(JsonNode? leaf)
    {
        switch (leaf?.GetValueKind())
        {
            case JsonValueKind.String:
                var text = leaf.GetValue<string>();
                yield return ("a number", 42);
                yield return ("an object", new JsonObject());
                yield return ("NUL inside", text + "\0" + text);
                yield return ("control characters and NUL", "\u0001\u001b\0\u007f");
                yield return ("a lone surrogate", text + LoneSurrogate);
                break;
            case JsonValueKind.Number:
                yield return ("text", "x");
                yield return ("an array", new JsonArray());
                yield return ("a number beyond any type", JsonNode.Parse("1e400"));
                break;
            case JsonValueKind.Object or JsonValueKind.Array:
                yield return ("a string", "x");
                yield return ("a number", 1);
                yield return (leaf.GetValueKind() == JsonValueKind.Object ? "an array" : "an object",
                    leaf.GetValueKind() == JsonValueKind.Object ? new JsonArray() : new JsonObject());
                break;
        }
    }

    /// <summary>
    /// What <c>Enum.TryParse</c> and <c>JsonStringEnumConverter</c> read as a value although it is none of the names: comma
    /// lists and other flag forms (a value no member has), numbers in text and in JSON, and names that do not exist.
    /// </summary>
    private static IEnumerable<(string Label, JsonNode? Value)> NotOneName(string[] names) => names.Length == 0 ? [] :
    [
        ("an unknown name", "Nope"), ("two names", $"{names[0]}, {names[^1]}"), ("two names without a space", $"{names[0]},{names[^1]}"),
        ("two names with a bar", $"{names[0]}|{names[^1]}"), ("a number as text", "7"), ("a member's number as text", "1"), ("minus one as text", "-1"),
        ("a hexadecimal number", "0x1"), ("a number", 1), ("minus one", -1), ("an empty name", ""), ("a name and a number", $"{names[0]}, 1"),
    ];

    /// <summary>Stands for a lone surrogate until the body is text: a JSON writer refuses to write one itself.</summary>
    private const string LoneSurrogate = "LONE-SURROGATE";

    private static void Replace(JsonNode body, string[] path, JsonNode? value)
    {
        var parent = body;
        foreach (var step in path[..^1]) parent = parent[step]!;
        parent[path[^1]] = value;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static string Snippet(string body) => body.Length <= 200 ? body : body[..200];

    /// <summary>The exact number of rows in every table of the portal's schema: events, streams and documents.</summary>
    private async Task<Dictionary<string, long>> RowCountsAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select tablename from pg_tables where schemaname = 'econeura' order by tablename", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from econeura.\"{table}\"", connection);
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }
        return counts;
    }
}
