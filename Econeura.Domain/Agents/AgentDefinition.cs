using Econeura.Domain.Approvals;
using Econeura.Domain.FinOps;

namespace Econeura.Domain.Agents;

public enum AgentRoute
{
    Simulator,
    Webhook,
    Chat,
}

/// <summary>An agent of the catalog: a department's lead neura or one of its task agents.</summary>
public sealed record AgentDefinition
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Department { get; init; }
    public required string Description { get; init; }
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

    /// <summary>The price-table keys a call to this agent is priced by, most specific first.</summary>
    public IReadOnlyList<string> PriceKeys => Route == AgentRoute.Webhook
        ? [PriceBook.WebhookKeyOf(Id), PriceBook.WebhookKey]
        : [Model];
}
