using System.Security.Cryptography;
using System.Text;

namespace Econeura.Portal.Features.Agents.Routing;

public sealed class SimulatorOptions
{
    public int LatencyMs { get; set; } = 1200;

    /// <summary>Share of calls, 0 to 1, that fail; chosen deterministically from the execution and attempt.</summary>
    public double FailureRate { get; set; }

    public int OutputTokens { get; set; } = 180;
}

/// <summary>The built-in agent: deterministic, so the portal and its tests run with no outside service.</summary>
public sealed class SimulatorConnector(IOptionsMonitor<SimulatorOptions> options, TimeProvider time) : IAgentConnector
{
    public AgentRoute Route => AgentRoute.Simulator;

    public async Task<AgentReply> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var started = time.GetTimestamp();
        await Task.Delay(TimeSpan.FromMilliseconds(settings.LatencyMs), time, cancellationToken);
        if (Draw(invocation) < settings.FailureRate)
            throw new AgentCallException($"Simulated failure of {invocation.Agent.Id} on attempt {invocation.Attempt}.", reachedAgent: true);

        var inputTokens = TokenEstimate.Of(invocation.RedactedInput);
        var output = $"{invocation.Agent.Name} (simulator) received {invocation.RedactedInput.Length} characters " +
                     $"and would answer here. Correlation {invocation.CorrelationId}.";
        return new AgentReply(output, inputTokens, settings.OutputTokens, (long)time.GetElapsedTime(started).TotalMilliseconds);
    }

    private static double Draw(AgentInvocation invocation)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{invocation.ExecutionId}:{invocation.Attempt}"));
        return BitConverter.ToUInt32(hash, 0) / (double)uint.MaxValue;
    }
}
