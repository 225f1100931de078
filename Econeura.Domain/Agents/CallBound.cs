using Econeura.Domain.Common;
using Econeura.Domain.FinOps;

namespace Econeura.Domain.Agents;

/// <summary>
/// The most tokens one call to an agent can be billed for, known before it is made: what a launch's estimate prices
/// (so its reservation covers the call) and what a call whose reply was lost is charged at.
/// </summary>
public static class CallBound
{
    /// <summary>
    /// What the chat format adds around each message (its role and separators) and before the reply: OpenAI counts 3
    /// and 3 (4 and 3 for older models); one more each leaves room for a provider that wraps a little more.
    /// </summary>
    public const int TokensPerMessage = 5;

    public const int TokensBeforeReply = 4;

    /// <param name="input">The redacted input as it will be sent.</param>
    /// <param name="simulatorOutputTokens">What the simulator answers this agent with (its own setting, or the portal's).</param>
    public static TokenUsage Of(AgentDefinition agent, string input, int simulatorOutputTokens) => agent.Route switch
    {
        // The model reads the system prompt and the input, framed as messages, and writes at most what the route allows
        // (reasoning tokens included: max_completion_tokens counts them).
        AgentRoute.Chat when agent.Chat is { } chat => new TokenUsage(
            (string.IsNullOrWhiteSpace(chat.SystemPrompt) ? 0 : TokenEstimate.AtMost(chat.SystemPrompt) + TokensPerMessage)
            + TokenEstimate.AtMost(input) + TokensPerMessage + TokensBeforeReply,
            chat.MaxOutputTokens),
        // The simulator reports exactly this, so its estimate is its cost.
        AgentRoute.Simulator => new TokenUsage(TokenEstimate.Of(input), simulatorOutputTokens),
        // A webhook is priced per call, whatever its size.
        _ => new TokenUsage(TokenEstimate.AtMost(input), 0),
    };
}
