using System.Text.Json;
using Econeura.Domain.Agents;
using Econeura.Domain.Approvals;

namespace Econeura.Portal.Features.Agents;

/// <summary>
/// Where the seed routes the departments' lead agents. As the original system had it, every lead answers through a
/// webhook; a lead with no URL configured here stays on the simulator, which is how the demo tenants (and any portal
/// without the automations set up) run with no outside service. Admins change any of it on /admin/agents afterwards.
/// </summary>
public sealed class SeedRouteOptions
{
    /// <summary>The webhook URL of each lead by its id: <c>Agents__SeedRoutes__Webhooks__neura-3=https://hook.eu1.make.com/…</c>.</summary>
    public Dictionary<string, string> Webhooks { get; set; } = [];

    /// <summary>The named secret (<c>Secrets:&lt;name&gt;</c>) sent in the Authorization header of the seeded webhooks.</summary>
    public string? AuthSecret { get; set; }

    /// <summary>The named secret that signs the seeded webhooks' calls (<c>X-Econeura-Signature</c>).</summary>
    public string? SigningSecret { get; set; }

    public bool IsValid() =>
        Webhooks.All(hook => AgentSeed.IsLeadId(hook.Key) && Uri.TryCreate(hook.Value, UriKind.Absolute, out var url) && url.Scheme is "https" or "http");
}

/// <summary>
/// The default catalog, read from agents.seed.json: one lead neura per department (neura-1 … neura-11) and its task
/// agents, each named and described in English (the catalog's own words) and Spanish.
/// </summary>
public static class AgentSeed
{
    /// <summary>The catalog's own language, the one executions record the agent's name in.</summary>
    public const string CatalogLanguage = "en";

    public static bool IsLeadId(string id) =>
        id.StartsWith("neura-", StringComparison.Ordinal) && int.TryParse(id.AsSpan("neura-".Length), out var number) && number >= 1
            && number <= Departments.All.Count;

    public static IReadOnlyList<AgentDefinition> Load(SeedRouteOptions? routes = null)
    {
        using var stream = typeof(AgentSeed).Assembly.GetManifestResourceStream("agents.seed.json")
            ?? throw new InvalidOperationException("The embedded agents.seed.json is missing.");
        var seed = JsonSerializer.Deserialize<SeedFile>(stream,
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new EnumNameConverter() } })
            ?? throw new InvalidOperationException("agents.seed.json is empty.");
        return Departments.All
            .SelectMany((department, index) => AgentsOf(department, index + 1, seed.Departments[department]))
            .Select(agent => seed.Risk?.TryGetValue(agent.Id, out var risk) == true ? agent with { Risk = risk } : agent)
            .Select(agent => routes?.Webhooks.TryGetValue(agent.Id, out var url) == true
                ? agent with { Route = AgentRoute.Webhook, Webhook = new WebhookSettings { Url = url, AuthSecret = routes.AuthSecret,
                    SigningSecret = routes.SigningSecret } }
                : agent)
            .ToList();
    }

    private static IEnumerable<AgentDefinition> AgentsOf(string department, int leadNumber, SeedDepartment seed)
    {
        yield return Simulated($"neura-{leadNumber}", seed.Lead, department, isLead: true);
        foreach (var task in seed.Tasks ?? [])
            yield return Simulated($"{department}-{task.Id}", task, department, isLead: false);
    }

    private static AgentDefinition Simulated(string id, SeedAgent seed, string department, bool isLead) => new()
    {
        Id = id,
        Name = seed.Name[CatalogLanguage],
        Department = department,
        Description = seed.Description[CatalogLanguage],
        Wordings = seed.Name.Keys.ToDictionary(language => language, language => new AgentWording(seed.Name[language], seed.Description[language])),
        IsLead = isLead,
        SystemPrompts = seed.SystemPrompt ?? [],
        ContextLimitTokens = seed.ContextLimitTokens ?? AgentDefinition.DefaultContextLimitTokens,
        Route = AgentRoute.Simulator,
        // Until issue routes say otherwise, leads answer as the larger model and task agents as the smaller one: their
        // tokens are priced at those models' prices.
        Model = isLead ? "gpt-4o" : "gpt-4o-mini",
    };

    private sealed record SeedFile(Dictionary<string, SeedDepartment> Departments, Dictionary<string, RiskLevel>? Risk);

    private sealed record SeedDepartment(SeedAgent Lead, SeedAgent[]? Tasks);

    /// <summary>An agent's name and description, each by language, and a lead's personality and context limit.</summary>
    private sealed record SeedAgent(
        string? Id, Dictionary<string, string> Name, Dictionary<string, string> Description, Dictionary<string, string>? SystemPrompt = null,
        int? ContextLimitTokens = null);
}
