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

    /// <summary>
    /// The pace of the streamed answer: a piece every this many milliseconds, as many pieces as fit in the latency (so the
    /// whole answer still takes about <see cref="LatencyMs"/>). 0 answers in one piece at the end.
    /// </summary>
    public int StreamChunkMs { get; set; } = 100;
}

/// <summary>
/// The built-in agent: deterministic, so the portal and its tests run with no outside service. It answers as its department
/// would (<see cref="SimulatedAnswer"/>), so a demo shows what the agents are for.
/// </summary>
public sealed class SimulatorConnector(IOptionsMonitor<SimulatorOptions> options, TimeProvider time) : IAgentConnector
{
    public AgentRoute Route => AgentRoute.Simulator;

    public async Task<AgentReply> InvokeAsync(AgentInvocation invocation, AnswerText onText, CancellationToken cancellationToken)
    {
        var (latencyMs, outputTokens, failureRate) = Behaviour(options.CurrentValue, invocation.Agent.Simulator);
        var started = time.GetTimestamp();
        if (Draw(invocation) < failureRate)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(latencyMs), time, cancellationToken);
            throw new AgentCallException($"Simulated failure of {invocation.Agent.Id} on attempt {invocation.Attempt}.", reachedAgent: true);
        }

        var output = Answer(invocation);
        var pieces = Pieces(output, latencyMs, options.CurrentValue.StreamChunkMs);
        var pace = TimeSpan.FromMilliseconds((double)latencyMs / pieces.Count);
        foreach (var piece in pieces)
        {
            await Task.Delay(pace, time, cancellationToken);
            onText(piece);
        }
        // The history is read too, as a model reads it: the same count the launch's estimate priced.
        var inputTokens = TokenEstimate.Of(invocation.History is { Count: > 0 } history
            ? ConversationHistory.TextOf(history) + "\n" + invocation.RedactedInput
            : invocation.RedactedInput);
        // Usage as before the answers spoke: the configured output tokens, whatever the answer's length, so its cost is its estimate.
        return new AgentReply(output, inputTokens, outputTokens, (long)time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>What the simulated agent answers.</summary>
    private static string Answer(AgentInvocation invocation) =>
        SimulatedAnswer.For(new SimulatorPrompt(invocation.Agent, invocation.RedactedInput, invocation.History));

    /// <summary>The answer cut at word ends into as many pieces as the pace fits in the latency, at least one.</summary>
    public static IReadOnlyList<string> Pieces(string output, int latencyMs, int chunkMs)
    {
        var words = output.Split(' ');
        var count = chunkMs <= 0 ? 1 : Math.Clamp(latencyMs / chunkMs, 1, words.Length);
        var perPiece = (int)Math.Ceiling(words.Length / (double)count);
        return [.. words.Chunk(perPiece).Select((chunk, index) => (index == 0 ? "" : " ") + string.Join(' ', chunk))];
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
