using System.Text.Json.Serialization;
using Econeura.Domain.Common;
using Econeura.Domain.Approvals;

namespace Econeura.Domain.Agents;

public enum AgentRoute
{
    Simulator,
    Webhook,
    Chat,
}

/// <summary>An agent's name and description in one language.</summary>
public sealed record AgentWording(string Name, string Description);

/// <summary>
/// An agent of the catalog: a department's lead neura or one of its task agents. Admins edit it like any setting:
/// each save names the version it was based on, and is kept with who changed what.
/// </summary>
public sealed record AgentDefinition : ISettingsDocument
{
    public required string Id { get; set; }
    public long Version { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The catalog's own name, in English: what each execution records of the agent it called.</summary>
    public required string Name { get; init; }
    public required string Department { get; init; }
    public required string Description { get; init; }

    /// <summary>The name and description in each language of the UI, by two-letter language code ("es", "en").</summary>
    public IReadOnlyDictionary<string, AgentWording> Wordings { get; init; } = new Dictionary<string, AgentWording>();
    public bool IsLead { get; init; }
    public AgentRoute Route { get; init; } = AgentRoute.Simulator;

    /// <summary>The settings of each route; only that of <see cref="Route"/> is used, the others are kept for switching back.</summary>
    public WebhookSettings? Webhook { get; init; }

    public ChatSettings? Chat { get; init; }
    public SimulatorSettings? Simulator { get; init; }

    /// <summary>The model behind a chat or simulator route, and the key of its token price.</summary>
    public string Model { get; init; } = "simulator";
    public bool Enabled { get; init; } = true;

    /// <summary>The agent's own rating, the first rule of the risk policy.</summary>
    public RiskLevel Risk { get; init; } = RiskLevel.Low;

    /// <summary>Its personality: the system prompt sent with each call, by two-letter language code ("es", "en").</summary>
    public IReadOnlyDictionary<string, string> SystemPrompts { get; init; } = new Dictionary<string, string>();

    /// <summary>How many tokens of a conversation (the new message and the history before it) each call carries at most.</summary>
    public int ContextLimitTokens { get; init; } = DefaultContextLimitTokens;

    public const int DefaultContextLimitTokens = 4_000;

    /// <summary>The system prompt for a requester who writes in <paramref name="language"/>: theirs, else the catalog's, else none.</summary>
    public string? SystemPromptIn(string language) =>
        SystemPrompts.TryGetValue(language, out var prompt) && !string.IsNullOrWhiteSpace(prompt) ? prompt
        : SystemPrompts.Values.FirstOrDefault(p => !string.IsNullOrWhiteSpace(p));

    /// <summary>The agent in <paramref name="language"/>, or in the catalog's own words if it has none in that language.</summary>
    public AgentWording WordingIn(string language) => Wordings.TryGetValue(language, out var wording) ? wording : new(Name, Description);

    /// <summary>Everything a search may find the agent by, in every language.</summary>
    [JsonIgnore]
    public IEnumerable<string> SearchableTexts =>
        new[] { Id, Name, Description }.Concat(Wordings.Values.SelectMany(w => new[] { w.Name, w.Description }));
}
