using Econeura.Domain.Agents;
using Econeura.Domain.Common;
using Econeura.Domain.Conversations;
using Econeura.Domain.Executions;
using Econeura.Portal.Features.Executions;

namespace Econeura.Portal.Features.Conversations;

/// <summary>What became of a conversation command.</summary>
public abstract record ConversationOutcome
{
    /// <summary>A turn was launched (<paramref name="ExecutionId"/>) in <paramref name="ConversationId"/>, or the command was done.</summary>
    /// <param name="Repeated">The same request sent again with its <c>Idempotency-Key</c>: what the first one did, found again.</param>
    public sealed record Done(Guid ConversationId, Guid? ExecutionId = null, bool Repeated = false) : ConversationOutcome;

    public sealed record Refused(ConversationRefusal Why) : ConversationOutcome;

    /// <summary>The turn's execution was not launched (invalid, a spent budget, a full queue): nothing was recorded.</summary>
    public sealed record NotLaunched(LaunchResult Launch) : ConversationOutcome;
}

/// <summary>
/// Conversations' commands. Each turn is launched through <see cref="ExecutionLauncher"/> like any run, so DLP, risk,
/// approvals, budgets, the dispatch queue and costs apply to every message; the conversation's stream only records which
/// executions are its turns.
/// </summary>
public sealed class ConversationOperations(
    IDocumentStore store, ExecutionLauncher launcher, ExecutionQueries executions, ExecutionOperations operations, ConversationQueries queries,
    TimeProvider time)
{
    /// <param name="idempotencyKey">With one, a start sent again answers the conversation the first one opened, and opens none.</param>
    public async Task<ConversationOutcome> StartAsync(
        PortalUser user, string? agentId, string? message, CancellationToken cancellationToken = default, string? idempotencyKey = null)
    {
        var conversationId = idempotencyKey is null
            ? Guid.CreateVersion7()
            : StableIds.From($"conversation\n{ExecutionLauncher.IdFor(user, idempotencyKey)}");
        // One commit opens the run and the conversation: neither exists without the other.
        var launch = await launcher.LaunchAsync(user, agentId, message, cancellationToken, turn: new ConversationTurn(conversationId, []),
            idempotencyKey: idempotencyKey,
            alsoRecord: (session, first) => session.Events.StartStream<Conversation>(conversationId, [.. ConversationDecisions.Start(
                conversationId, user.TenantId, user.UserId, user.DisplayName, first.AgentId, first.RedactedInput, first.ExecutionId, first.RequestedAt)]));
        return launch switch
        {
            LaunchResult.Launched { Repeated: false } launched => new ConversationOutcome.Done(conversationId, launched.ExecutionId),
            // The key launched this very message before: as a start of this conversation, or as something else (a plain run).
            LaunchResult.Launched repeated => await queries.IsOwnAsync(user, conversationId, cancellationToken)
                ? new ConversationOutcome.Done(conversationId, repeated.ExecutionId, Repeated: true)
                : new ConversationOutcome.NotLaunched(new LaunchResult.KeyReused()),
            _ => new ConversationOutcome.NotLaunched(launch),
        };
    }

    /// <summary>
    /// Continues one of the user's own finished runs as a conversation whose first turn it is. A run continues into one
    /// conversation: asked again, it opens that one (unless the user deleted it).
    /// </summary>
    public async Task<ConversationOutcome> ContinueAsync(PortalUser user, Guid executionId, CancellationToken cancellationToken = default)
    {
        if (await executions.FindAsync(user, executionId, cancellationToken) is not { } run || run.RequestedBy != user.UserId || run.ConversationId is not null)
            return new ConversationOutcome.Refused(ConversationRefusal.NotFound);
        if (!ConversationThread.StateOf(run, 0).IsOver) return new ConversationOutcome.Refused(ConversationRefusal.TurnUnderWay);
        var continued = StableIds.From($"continued\n{executionId}");
        if (await queries.IsOwnAsync(user, continued, cancellationToken)) return new ConversationOutcome.Done(continued, executionId);
        // The same moment twice: one opens it, the other finds it. After its deletion, the run continues into a new one.
        var conversationId = await OpenAsync(user, continued, run) ?? await OpenAsync(user, Guid.CreateVersion7(), run);
        return conversationId is { } opened
            ? new ConversationOutcome.Done(opened, executionId)
            : new ConversationOutcome.Refused(ConversationRefusal.NotFound);

        async Task<Guid?> OpenAsync(PortalUser owner, Guid id, ExecutionView first)
        {
            var write = await store.DecideAsync<Conversation>(owner.TenantId, id,
                state => state.Deleted || state.Turns.Count > 0
                    ? []
                    : ConversationDecisions.Start(id, owner.TenantId, owner.UserId, owner.DisplayName, first.AgentId, first.RedactedInput, first.Id,
                        time.GetUtcNow()),
                new WriteRules<Conversation, bool>(WhenNew: new Conversation(id, owner.TenantId, owner.UserId, first.AgentId, "", [])),
                cancellationToken);
            return write is StreamWrite<Conversation, bool>.Written { State: { Deleted: false, OwnerId: var ownerId } } && ownerId == owner.UserId
                ? id
                : null;
        }
    }

    /// <summary>The next message, sent with the conversation so far (as much as fits the agent's context limit).</summary>
    /// <param name="idempotencyKey">With one, a message sent again answers the turn the first one added, and adds none.</param>
    public Task<ConversationOutcome> SendAsync(
        PortalUser user, Guid conversationId, string? message, CancellationToken cancellationToken = default, string? idempotencyKey = null) =>
        AddTurnAsync(user, conversationId, message, replacesLast: false, cancellationToken, idempotencyKey);

    /// <summary>Asks again for the last answer: the same message, with the conversation before it.</summary>
    public async Task<ConversationOutcome> RegenerateAsync(PortalUser user, Guid conversationId, CancellationToken cancellationToken = default) =>
        await queries.ThreadAsync(user, conversationId, cancellationToken, latest: 1) is { Last: { } last }
            ? await AddTurnAsync(user, conversationId, last.Execution.RedactedInput, replacesLast: true, cancellationToken)
            : new ConversationOutcome.Refused(ConversationRefusal.NotFound);

    /// <summary>Sends an edited last message in the place of the last turn.</summary>
    public Task<ConversationOutcome> EditLastAsync(PortalUser user, Guid conversationId, string? message, CancellationToken cancellationToken = default) =>
        AddTurnAsync(user, conversationId, message, replacesLast: true, cancellationToken);

    private async Task<ConversationOutcome> AddTurnAsync(
        PortalUser user, Guid conversationId, string? message, bool replacesLast, CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        if (await queries.ThreadAsync(user, conversationId, cancellationToken, latest: 1) is not { } thread)
            return new ConversationOutcome.Refused(ConversationRefusal.NotFound);
        // A repeat of the turn under way is answered with it, not refused because it is under way.
        var repeat = idempotencyKey is not null && thread.Conversation.Turns.Contains(ExecutionLauncher.IdFor(user, idempotencyKey));
        if (!repeat && !thread.CanSend) return new ConversationOutcome.Refused(ConversationRefusal.TurnUnderWay);
        var launch = await launcher.LaunchAsync(user, thread.Conversation.AgentId, message, cancellationToken,
            turn: new ConversationTurn(conversationId, replacesLast ? thread.MemoryBeforeLast : thread.Memory), idempotencyKey: idempotencyKey);
        if (launch is not LaunchResult.Launched launched) return new ConversationOutcome.NotLaunched(launch);
        // The key launched this very message before: as this conversation's turn, or as something else.
        if (launched.Repeated)
            return repeat
                ? new ConversationOutcome.Done(conversationId, launched.ExecutionId, Repeated: true)
                : new ConversationOutcome.NotLaunched(new LaunchResult.KeyReused());

        var now = time.GetUtcNow();
        var write = await store.DecideAsync<Conversation, ConversationRefusal?>(user.TenantId, conversationId,
            state => Decided(ConversationDecisions.AddTurn(state, user.UserId, launched.ExecutionId, thread.Last?.Execution.Id, now, replacesLast)),
            cancellationToken: cancellationToken);
        if (write is StreamWrite<Conversation, ConversationRefusal?>.Written { Result: null })
            return new ConversationOutcome.Done(conversationId, launched.ExecutionId);
        // Another turn (or a deletion) got there first: the run launched for this one must not go out on its own.
        await operations.CancelAsync(user, launched.ExecutionId, cancellationToken);
        return new ConversationOutcome.Refused(write is StreamWrite<Conversation, ConversationRefusal?>.Written { Result: { } why }
            ? why
            : ConversationRefusal.TurnUnderWay);
    }

    public async Task<ConversationOutcome> RenameAsync(PortalUser user, Guid conversationId, string? title, CancellationToken cancellationToken = default) =>
        // Checked first: an id that is another kind of stream (an execution's) must not be folded as a conversation.
        !await queries.IsOwnAsync(user, conversationId, cancellationToken)
            ? new ConversationOutcome.Refused(ConversationRefusal.NotFound)
            : Outcome(conversationId, await store.DecideAsync<Conversation, ConversationRefusal?>(user.TenantId, conversationId,
                state => Decided(ConversationDecisions.Rename(state, user.UserId, title, time.GetUtcNow())), cancellationToken: cancellationToken));

    public async Task<ConversationOutcome> DeleteAsync(PortalUser user, Guid conversationId, CancellationToken cancellationToken = default) =>
        !await queries.IsOwnAsync(user, conversationId, cancellationToken)
            ? new ConversationOutcome.Refused(ConversationRefusal.NotFound)
            : Outcome(conversationId, await store.DecideAsync<Conversation, ConversationRefusal?>(user.TenantId, conversationId,
                state => Decided(ConversationDecisions.Delete(state, user.UserId, time.GetUtcNow())), cancellationToken: cancellationToken));

    private static Decision<ConversationRefusal?> Decided(ConversationDecisions.Decision decision) => new(decision.Events, decision.Refusal);

    private static ConversationOutcome Outcome(Guid conversationId, StreamWrite<Conversation, ConversationRefusal?> write) => write switch
    {
        StreamWrite<Conversation, ConversationRefusal?>.Written { Result: { } why } => new ConversationOutcome.Refused(why),
        StreamWrite<Conversation, ConversationRefusal?>.Written => new ConversationOutcome.Done(conversationId),
        StreamWrite<Conversation, ConversationRefusal?>.LostRace => new ConversationOutcome.Refused(ConversationRefusal.TurnUnderWay),
        _ => new ConversationOutcome.Refused(ConversationRefusal.NotFound),
    };
}
