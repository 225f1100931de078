using Econeura.Domain.Approvals;

namespace Econeura.Domain.Agents;

public enum AgentRoute
{
    Simulator,
    Webhook,
    Chat,
}

/// <summary>Price of one thousand tokens, in EUR, input and output priced separately.</summary>
public sealed record TokenPrice(decimal InputPer1K, decimal OutputPer1K)
{
    public decimal CostOf(int inputTokens, int outputTokens) =>
        Math.Round(inputTokens * InputPer1K / 1000m + outputTokens * OutputPer1K / 1000m, 4, MidpointRounding.AwayFromZero);
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
    public string Model { get; init; } = "simulator";
    public required TokenPrice Price { get; init; }
    public bool Enabled { get; init; } = true;

    /// <summary>The agent's own rating, the first rule of the risk policy.</summary>
    public RiskLevel Risk { get; init; } = RiskLevel.Low;
}
