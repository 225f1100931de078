using System.Security.Cryptography;
using System.Text;
using Econeura.Domain.Agents;
using Econeura.Domain.Executions;

namespace Econeura.Portal.Features.Agents.Routing;

public sealed class SimulatorOptions
{
    public int LatencyMs { get; set; } = 1200;

    /// <summary>Share of calls, 0 to 1, that fail; chosen deterministically from the execution and attempt.</summary>
    public double FailureRate { get; set; }

    public int OutputTokens { get; set; } = 180;
}

/// <summary>
/// The built-in agent: deterministic, so the portal and its tests run with no outside service. It answers as its department
/// would (<see cref="SimulatedAnswer"/>), so a demo shows what the agents are for.
/// </summary>
public sealed class SimulatorConnector(IOptionsMonitor<SimulatorOptions> options, TimeProvider time) : IAgentConnector
{
    public AgentRoute Route => AgentRoute.Simulator;

    public async Task<AgentReply> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
    {
        var (latencyMs, outputTokens, failureRate) = Behaviour(options.CurrentValue, invocation.Agent.Simulator);
        var started = time.GetTimestamp();
        await Task.Delay(TimeSpan.FromMilliseconds(latencyMs), time, cancellationToken);
        if (Draw(invocation) < failureRate)
            throw new AgentCallException($"Simulated failure of {invocation.Agent.Id} on attempt {invocation.Attempt}.", reachedAgent: true);

        // The history is read too, as a model reads it: the same count the launch's estimate priced.
        var inputTokens = TokenEstimate.Of(invocation.History is { Count: > 0 } history
            ? ConversationHistory.TextOf(history) + "\n" + invocation.RedactedInput
            : invocation.RedactedInput);
        // Usage as before the answers spoke: the configured output tokens, whatever the answer's length, so its cost is its estimate.
        var output = SimulatedAnswer.For(new SimulatorPrompt(invocation.Agent, invocation.RedactedInput, invocation.History));
        return new AgentReply(output, inputTokens, outputTokens, (long)time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The agent's own settings over its preset over the portal-wide ones.</summary>
    public static (int LatencyMs, int OutputTokens, double FailureRate) Behaviour(SimulatorOptions portal, SimulatorSettings? agent)
    {
        var (latencyMs, failureRate) = agent?.Preset switch
        {
            SimulatorPreset.Slow => (8000, portal.FailureRate),
            SimulatorPreset.Flaky => (portal.LatencyMs, 0.5),
            SimulatorPreset.Failing => (portal.LatencyMs, 1.0),
            _ => (portal.LatencyMs, portal.FailureRate),
        };
        return (agent?.LatencyMs ?? latencyMs, agent?.OutputTokens ?? portal.OutputTokens, agent?.FailureRate ?? failureRate);
    }

    private static double Draw(AgentInvocation invocation)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{invocation.ExecutionId}:{invocation.Attempt}"));
        return BitConverter.ToUInt32(hash, 0) / (double)uint.MaxValue;
    }
}
