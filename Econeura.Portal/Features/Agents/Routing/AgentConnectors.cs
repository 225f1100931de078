using Econeura.Domain.Agents;
using Econeura.Domain.Executions;

namespace Econeura.Portal.Features.Agents.Routing;

/// <summary>One call to an agent: only ids, names and the already-redacted input travel.</summary>
/// <param name="History">A conversation's turn: the messages before it, redacted, oldest first.</param>
/// <param name="SystemPrompt">The agent's personality in the requester's language.</param>
public sealed record AgentInvocation(
    Guid ExecutionId, int Attempt, AgentDefinition Agent, string RedactedInput, string CorrelationId, string TenantId, string RequestedBy,
    IReadOnlyList<AgentMessage>? History = null, string? SystemPrompt = null)
{
    /// <summary>The same for every try of one attempt (a resumed or unconfirmed one too): a receiver that honours it answers once.</summary>
    public string IdempotencyKey => $"{ExecutionId:N}-{Attempt}";
}

/// <summary>Takes the answer's text as the agent writes it, one piece after another; the pieces joined are the reply's output.</summary>
public delegate void AnswerText(string piece);

public interface IAgentConnector
{
    AgentRoute Route { get; }

    /// <param name="onText">Called with each piece of the answer as it arrives (once with the whole answer when the route does not stream).</param>
    Task<AgentReply> InvokeAsync(AgentInvocation invocation, AnswerText onText, CancellationToken cancellationToken);
}

/// <summary>Calls an agent through the connector of its route.</summary>
public sealed partial class AgentConnectors(IEnumerable<IAgentConnector> connectors, ILogger<AgentConnectors> logger)
{
    private readonly Dictionary<AgentRoute, IAgentConnector> _byRoute = connectors.ToDictionary(c => c.Route);

    /// <summary>
    /// The agent's reply, or an <see cref="AgentCallException"/> a user can read: whatever else a connector or the
    /// libraries under it throw (a reply an SDK cannot parse, a malformed header) is a failed attempt too, never an
    /// exception that leaves the execution stuck in flight. A call cancelled through <paramref name="cancellationToken"/>
    /// (stopped, or the process shutting down) throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<AgentReply> InvokeAsync(AgentInvocation invocation, AnswerText onText, CancellationToken cancellationToken)
    {
        if (!_byRoute.TryGetValue(invocation.Agent.Route, out var connector))
            throw new AgentCallException($"No connector is configured for the {invocation.Agent.Route} route of agent {invocation.Agent.Id}.", permanent: true);
        try
        {
            return await connector.InvokeAsync(invocation, onText, cancellationToken);
        }
        catch (AgentCallException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            // The exception's message may quote an address or a reply: only its type is logged, and the user is told plainly.
            LogUnexpectedFailure(invocation.ExecutionId, invocation.Agent.Route, exception.GetType().FullName);
            throw new AgentCallException("The agent's answer could not be read.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Route} call of execution {ExecutionId} failed unexpectedly ({ExceptionType})")]
    private partial void LogUnexpectedFailure(Guid executionId, AgentRoute route, string? exceptionType);
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
