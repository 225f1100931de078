namespace Econeura.Domain.Conversations;

// One stream per conversation. Its events hold who, when and which executions are its turns: the messages themselves
// live on those executions, redacted, like any run's input and answer.

/// <param name="Title">From the first message, redacted; the owner may rename it.</param>
public sealed record ConversationStarted(
    Guid ConversationId, string TenantId, string OwnerId, string OwnerName, string AgentId, string Title, DateTimeOffset StartedAt);

/// <param name="Replaces">The last turn this one asks again (regenerated, or its message edited): the thread shows this one instead.</param>
public sealed record ConversationTurnAdded(Guid ConversationId, Guid ExecutionId, DateTimeOffset AddedAt, Guid? Replaces = null);

public sealed record ConversationRenamed(Guid ConversationId, string Title, string RenamedBy, DateTimeOffset RenamedAt);

/// <summary>The owner deleted the conversation: it is gone for everyone; the record keeps who and when, no content.</summary>
public sealed record ConversationDeleted(Guid ConversationId, string DeletedBy, DateTimeOffset DeletedAt);
