namespace Econeura.Portal.Features.Conversations;

/// <summary>A conversation as its owner's list reads it; its messages are its turns' executions.</summary>
public sealed class ConversationView
{
    public Guid Id { get; set; }
    public string TenantId { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public string OwnerName { get; set; } = "";
    public string AgentId { get; set; } = "";
    public string Title { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }

    /// <summary>The executions that are its turns, in order (a regenerated turn in the place of the one it replaced).</summary>
    public List<Guid> Turns { get; set; } = [];
}
