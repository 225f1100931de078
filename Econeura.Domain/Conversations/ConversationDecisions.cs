namespace Econeura.Domain.Conversations;

/// <summary>Why a conversation refused a command; nothing was written.</summary>
public enum ConversationRefusal
{
    /// <summary>Not the owner's, or deleted: to anyone else it does not exist.</summary>
    NotFound,

    /// <summary>Its last turn is still waiting for approval or running.</summary>
    TurnUnderWay,

    InvalidTitle,
}

/// <summary>Pure decisions of a conversation: given its state, who asks and the time, the events to append.</summary>
public static class ConversationDecisions
{
    public const int MaxTitleLength = 80;

    /// <summary>A title from the first message, redacted: its first line, cut at a word near <see cref="MaxTitleLength"/>.</summary>
    public static string TitleFrom(string redactedMessage)
    {
        var line = redactedMessage.Trim().Split('\n', 2)[0].Trim();
        if (line.Length <= MaxTitleLength) return line;
        var cut = line.LastIndexOf(' ', MaxTitleLength - 1);
        return line[..(cut > MaxTitleLength / 2 ? cut : MaxTitleLength - 1)].TrimEnd() + "…";
    }

    /// <summary>Opens a conversation with its first turn.</summary>
    public static IReadOnlyList<object> Start(
        Guid conversationId, string tenantId, string ownerId, string ownerName, string agentId, string redactedFirstMessage, Guid firstTurn,
        DateTimeOffset now) =>
    [
        new ConversationStarted(conversationId, tenantId, ownerId, ownerName, agentId, TitleFrom(redactedFirstMessage), now),
        new ConversationTurnAdded(conversationId, firstTurn, now),
    ];

    /// <summary>Whether <paramref name="userId"/> may add a turn now: only the owner, and only once the last turn is over.</summary>
    public static ConversationRefusal? CanAddTurn(Conversation state, string userId, bool lastTurnOver) =>
        !IsOwners(state, userId) ? ConversationRefusal.NotFound
        : !lastTurnOver ? ConversationRefusal.TurnUnderWay
        : null;

    /// <summary>
    /// Records a turn already launched; <paramref name="lastTurnSeen"/> is the last turn the caller checked was over. A
    /// turn that <paramref name="replacesLast"/> asks that one again (regenerate, or edit and resend) and takes its place.
    /// </summary>
    public static Decision AddTurn(
        Conversation state, string userId, Guid executionId, Guid? lastTurnSeen, DateTimeOffset now, bool replacesLast = false) =>
        !IsOwners(state, userId) ? Refused(ConversationRefusal.NotFound)
        // Another turn was added since the caller checked: that one may still be running.
        : (state.Turns.Count > 0 ? state.Turns[^1] : (Guid?)null) != lastTurnSeen ? Refused(ConversationRefusal.TurnUnderWay)
        : new([new ConversationTurnAdded(state.Id, executionId, now, replacesLast ? lastTurnSeen : null)], null);

    public static Decision Rename(Conversation state, string userId, string? title, DateTimeOffset now)
    {
        if (!IsOwners(state, userId)) return Refused(ConversationRefusal.NotFound);
        var trimmed = title?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxTitleLength || trimmed.Any(char.IsControl)) return Refused(ConversationRefusal.InvalidTitle);
        return trimmed == state.Title ? new([], null) : new([new ConversationRenamed(state.Id, trimmed, userId, now)], null);
    }

    public static Decision Delete(Conversation state, string userId, DateTimeOffset now) =>
        IsOwners(state, userId) ? new([new ConversationDeleted(state.Id, userId, now)], null) : Refused(ConversationRefusal.NotFound);

    private static bool IsOwners(Conversation state, string userId) => !state.Deleted && state.OwnerId == userId;

    private static Decision Refused(ConversationRefusal why) => new([], why);

    /// <summary>The events to append (none when refused) and the refusal, if any.</summary>
    public sealed record Decision(IReadOnlyList<object> Events, ConversationRefusal? Refusal);
}
