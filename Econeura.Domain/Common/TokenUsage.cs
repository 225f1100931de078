namespace Econeura.Domain.Common;

/// <summary>
/// The tokens of one call as the provider reports them. Cached input is part of the input, and reasoning part of the
/// output (OpenAI's <c>prompt_tokens_details.cached_tokens</c> and <c>completion_tokens_details.reasoning_tokens</c>):
/// they are priced instead of, not on top of, the plain input and output price.
/// </summary>
public sealed record TokenUsage(int Input, int Output, int CachedInput = 0, int Reasoning = 0)
{
    /// <summary>A report of more cached than input tokens (or reasoning than output) counts them all at the special price, never more.</summary>
    public int CachedInputCounted => Math.Clamp(CachedInput, 0, Math.Max(Input, 0));

    public int ReasoningCounted => Math.Clamp(Reasoning, 0, Math.Max(Output, 0));
}
