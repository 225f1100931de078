using Marten.Events.Aggregation;
using Econeura.Domain.Conversations;

namespace Econeura.Portal.Features.Conversations;

/// <summary>Builds <see cref="ConversationView"/> inline; a deleted conversation's view is deleted with it. Times come from the events.</summary>
public sealed partial class ConversationViewProjection : SingleStreamProjection<ConversationView, Guid>
{
    public static ConversationView Create(ConversationStarted e) => new()
    {
        Id = e.ConversationId,
        TenantId = e.TenantId,
        OwnerId = e.OwnerId,
        OwnerName = e.OwnerName,
        AgentId = e.AgentId,
        Title = e.Title,
        StartedAt = e.StartedAt,
        LastActivityAt = e.StartedAt,
    };

    public void Apply(ConversationView view, ConversationTurnAdded e)
    {
        if (e.Replaces is { } replaced) view.Turns.Remove(replaced);
        view.Turns.Add(e.ExecutionId);
        view.LastActivityAt = e.AddedAt;
    }

    public void Apply(ConversationView view, ConversationRenamed e) => view.Title = e.Title;

    public bool ShouldDelete(ConversationDeleted e) => true;
}
