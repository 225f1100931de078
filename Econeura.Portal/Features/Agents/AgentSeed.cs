using System.Text.Json;
using System.Text.Json.Serialization;

namespace Econeura.Portal.Features.Agents;

/// <summary>
/// The default catalog, read from agents.seed.json: one lead neura per department (neura-1 … neura-11) and its task
/// agents, each named and described in English (the catalog's own words) and Spanish.
/// </summary>
public static class AgentSeed
{
    /// <summary>The catalog's own language, the one executions record the agent's name in.</summary>
    public const string CatalogLanguage = "en";

    public static IReadOnlyList<AgentDefinition> Load()
    {
        using var stream = typeof(AgentSeed).Assembly.GetManifestResourceStream("agents.seed.json")
            ?? throw new InvalidOperationException("The embedded agents.seed.json is missing.");
        var seed = JsonSerializer.Deserialize<SeedFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } })
            ?? throw new InvalidOperationException("agents.seed.json is empty.");
        return Departments.All
            .SelectMany((department, index) => AgentsOf(department, index + 1, seed.Departments[department]))
            .Select(agent => seed.Risk?.TryGetValue(agent.Id, out var risk) == true ? agent with { Risk = risk } : agent)
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
        Route = AgentRoute.Simulator,
        // Until issue routes say otherwise, leads answer as the larger model and task agents as the smaller one: their
        // tokens are priced at those models' prices.
        Model = isLead ? "gpt-4o" : "gpt-4o-mini",
    };

    private sealed record SeedFile(Dictionary<string, SeedDepartment> Departments, Dictionary<string, RiskLevel>? Risk);

    private sealed record SeedDepartment(SeedAgent Lead, SeedAgent[]? Tasks);

    /// <summary>An agent's name and description, each by language.</summary>
    private sealed record SeedAgent(string? Id, Dictionary<string, string> Name, Dictionary<string, string> Description);
}
