using Econeura.Domain.Common;
namespace Econeura.Domain.Agents;

/// <summary>What an agent answered to one call; the cached input and reasoning tokens are part of the input and output ones.</summary>
public sealed record AgentReply(string Output, int InputTokens, int OutputTokens, long DurationMs, int CachedInputTokens = 0, int ReasoningTokens = 0)
{
    public TokenUsage Usage => new(InputTokens, OutputTokens, CachedInputTokens, ReasoningTokens);
}
