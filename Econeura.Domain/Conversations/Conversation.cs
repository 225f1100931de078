using Econeura.Domain.Common;

namespace Econeura.Domain.Conversations;

/// <summary>The write-side state of one conversation stream, folded from its events.</summary>
/// <param name="Turns">The executions that are its turns, in order.</param>
public sealed record Conversation(
    Guid Id, string TenantId, string OwnerId, string AgentId, string Title, IReadOnlyList<Guid> Turns, bool Deleted = false)
    : IEventSourced<Conversation>
{
    public static readonly IReadOnlyList<Type> EventTypes =
        [typeof(ConversationStarted), typeof(ConversationTurnAdded), typeof(ConversationRenamed), typeof(ConversationDeleted)];

    public static Conversation Fold(IReadOnlyList<object> events) => events switch
    {
        [ConversationStarted first, ..] => events.Skip(1).Aggregate(
            new Conversation(first.ConversationId, first.TenantId, first.OwnerId, first.AgentId, first.Title, []), Evolve),
        _ => throw new InvalidOperationException($"A conversation stream must start with {nameof(ConversationStarted)}."),
    };

    public static Conversation Evolve(Conversation state, object @event) => @event switch
    {
        ConversationStarted => state,
        ConversationTurnAdded e => state with { Turns = [.. state.Turns.Where(turn => turn != e.Replaces), e.ExecutionId] },
        ConversationRenamed e => state with { Title = e.Title },
        ConversationDeleted => state with { Deleted = true },
        _ => throw new InvalidOperationException($"Unknown conversation event {@event.GetType().Name}."),
    };

    /// <summary>The state after <paramref name="events"/> were appended to this one.</summary>
    public Conversation After(IEnumerable<object> events) => events.Aggregate(this, Evolve);
}
