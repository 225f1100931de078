namespace Econeura.Portal.Features.Agents.Routing;

/// <summary>One call to an agent: only ids, names and the already-redacted input travel.</summary>
public sealed record AgentInvocation(
    Guid ExecutionId, int Attempt, AgentDefinition Agent, string RedactedInput, string CorrelationId, string TenantId, string RequestedBy)
{
    /// <summary>The same for every try of one attempt (a resumed or unconfirmed one too): a receiver that honours it answers once.</summary>
    public string IdempotencyKey => $"{ExecutionId:N}-{Attempt}";
}

public interface IAgentConnector
{
    AgentRoute Route { get; }

    Task<AgentReply> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>Picks the connector of the agent's route.</summary>
public sealed class AgentConnectors(IEnumerable<IAgentConnector> connectors)
{
    private readonly Dictionary<AgentRoute, IAgentConnector> _byRoute = connectors.ToDictionary(c => c.Route);

    public IAgentConnector For(AgentDefinition agent) =>
        _byRoute.TryGetValue(agent.Route, out var connector)
            ? connector
            : throw new AgentCallException($"No connector is configured for the {agent.Route} route of agent {agent.Id}.");
}

/// <summary>
/// An agent call that failed in a way worth recording (and retrying); the message must never contain a secret.
/// <see cref="ReachedAgent"/>: the agent received the call (it answered with an error), so the call is charged.
/// <see cref="Permanent"/>: the agent refused this very call; trying it again would be refused again.
/// </summary>
public sealed class AgentCallException(string message, bool reachedAgent = false, bool permanent = false) : Exception(message)
{
    public bool ReachedAgent { get; } = reachedAgent;
    public bool Permanent { get; } = permanent;
}
