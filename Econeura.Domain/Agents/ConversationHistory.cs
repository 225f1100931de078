
namespace Econeura.Domain.Agents;

/// <summary>What of a conversation goes with its next message.</summary>
/// <param name="Sent">The prior messages sent with it, oldest first.</param>
/// <param name="LeftOut">How many of the oldest prior messages no longer fit: they are the ones before <see cref="Sent"/>.</param>
public sealed record HistoryWindow(IReadOnlyList<AgentMessage> Sent, int LeftOut);

/// <summary>
/// The memory a turn carries: the conversation so far, newest kept, within the agent's context limit. The new message is
/// always sent, even when it alone is over the limit; older messages are left out whole, never cut mid-text.
/// </summary>
public static class ConversationHistory
{
    /// <param name="prior">The conversation before the new message, in order.</param>
    /// <param name="newMessage">The redacted new message.</param>
    /// <param name="contextLimitTokens">The agent's context limit, in <see cref="TokenEstimate"/> tokens.</param>
    public static HistoryWindow Build(IReadOnlyList<AgentMessage> prior, string newMessage, int contextLimitTokens)
    {
        var room = contextLimitTokens - TokenEstimate.Of(newMessage);
        var kept = 0;
        for (var i = prior.Count - 1; i >= 0; i--)
        {
            var tokens = TokenEstimate.Of(prior[i].Text);
            if (tokens > room) break;
            room -= tokens;
            kept++;
        }
        return new HistoryWindow([.. prior.Skip(prior.Count - kept)], prior.Count - kept);
    }

    /// <summary>Every text the history holds, for pricing the tokens it adds to a call.</summary>
    public static string TextOf(IReadOnlyList<AgentMessage>? history) =>
        history is { Count: > 0 } ? string.Join("\n", history.Select(m => m.Text)) : "";
}

/// <summary>A launch that is a conversation's turn: which conversation, and every message before it, in order.</summary>
public sealed record ConversationTurn(Guid ConversationId, IReadOnlyList<AgentMessage> Prior);
