using Econeura.Domain.Agents;
using Econeura.Domain.Conversations;
using Econeura.Domain.Executions;
using Econeura.Portal.Features.Agents;
using Econeura.Portal.Features.Approvals;
using Econeura.Portal.Features.Executions;

namespace Econeura.Portal.Features.Conversations;

/// <summary>One row of the owner's list.</summary>
public sealed record ConversationRow(ConversationView Conversation, decimal CostEur, DateTimeOffset LastActivityAt);

public sealed record ConversationPage(IReadOnlyList<ConversationRow> Rows, int Total, int Page, int PageSize)
{
    public bool HasPrevious => Page > 1;
    public bool HasNext => Page * PageSize < Total;
}

/// <summary>
/// What a user may read of conversations: only their own. Tenancy itself is Marten's; a deleted conversation has no view,
/// so it is found by nobody.
/// </summary>
public sealed class ConversationQueries(IDocumentStore store, AgentCatalog catalog)
{
    public const int PageSize = 20;

    /// <summary>The user's conversations, latest activity first, whose title or redacted messages hold <paramref name="search"/>.</summary>
    public async Task<ConversationPage> PageAsync(
        PortalUser user, string? search, int page, int pageSize = PageSize, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(user.TenantId);
        var mine = session.Query<ConversationView>().Where(c => c.OwnerId == user.UserId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var words = search.Trim();
            var saying = await session.Query<ExecutionView>()
                .Where(x => x.RequestedBy == user.UserId && x.ConversationId != null
                    && (x.RedactedInput.Contains(words, StringComparison.OrdinalIgnoreCase)
                        || x.Output!.Contains(words, StringComparison.OrdinalIgnoreCase)))
                .Select(x => x.ConversationId!.Value).Distinct().ToListAsync(cancellationToken);
            mine = mine.Where(c => c.Title.Contains(words, StringComparison.OrdinalIgnoreCase) || saying.Contains(c.Id));
        }
        var total = await mine.CountAsync(cancellationToken);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var views = await mine.OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var ids = views.Select(v => (Guid?)v.Id).ToArray();
        var turnIds = views.SelectMany(v => v.Turns).ToList();
        // Every run of a conversation costs, a regenerated one too; a run continued into a conversation is its first turn.
        var runs = await session.Query<ExecutionView>()
            .Where(x => x.ConversationId.IsOneOf(ids) || x.Id.IsOneOf(turnIds)).ToListAsync(cancellationToken);
        return new ConversationPage(
            [
                .. views.Select(view =>
                {
                    var own = runs.Where(run => run.ConversationId == view.Id || view.Turns.Contains(run.Id)).ToList();
                    var last = own.Select(run => run.LastChangedAt).Append(view.LastActivityAt).Max();
                    return new ConversationRow(view, own.Sum(run => run.CostEur ?? 0m), last);
                }),
            ],
            total, page, pageSize);
    }

    /// <summary>Whether the id is one of the user's conversations (not another stream's, nor someone else's, nor deleted).</summary>
    public async Task<bool> IsOwnAsync(PortalUser user, Guid conversationId, CancellationToken cancellationToken = default) =>
        await store.LoadAsync<ConversationView>(user.TenantId, conversationId, cancellationToken) is { } view && view.OwnerId == user.UserId;

    /// <summary>
    /// The conversation and its turns, in order (the <paramref name="latest"/> ones only, when given); null when it is not
    /// the user's (or not there at all).
    /// </summary>
    public async Task<ConversationThread?> ThreadAsync(
        PortalUser user, Guid conversationId, CancellationToken cancellationToken = default, int? latest = null)
    {
        await using var session = store.QuerySession(user.TenantId);
        if (await session.LoadAsync<ConversationView>(conversationId, cancellationToken) is not { } view || view.OwnerId != user.UserId) return null;
        var runs = (await session.Query<ExecutionView>()
            .Where(x => x.ConversationId == conversationId || x.Id.IsOneOf(view.Turns.ToList())).ToListAsync(cancellationToken));
        var byId = runs.ToDictionary(run => run.Id);
        var held = runs.Where(run => run is { Status: ExecutionStatus.AwaitingApproval, ApprovalId: not null }).Select(run => run.ApprovalId!.Value).ToList();
        var approvals = held.Count == 0
            ? []
            : (await session.LoadManyAsync<ApprovalView>(cancellationToken, held)).ToDictionary(a => a.ExecutionId, a => a.Approvals.Count);
        var turns = view.Turns.Where(byId.ContainsKey)
            .Select(id => new ThreadTurn(byId[id], ConversationThread.StateOf(byId[id], approvals.GetValueOrDefault(id))))
            .ToList();
        var limit = (await catalog.FindAsync(user.TenantId, view.AgentId, cancellationToken))?.ContextLimitTokens ?? int.MaxValue;
        // What the next message and an edited last one are sent with is worked out here, over every turn, so the page keeps
        // only the texts that fit the context limit and the turns it shows, not every run of the thread.
        var memory = ConversationHistory.Build(ConversationThread.MemoryOf(turns), "", limit);
        var beforeLast = turns is [.., { Answer: not null }]
            ? ConversationHistory.Build(ConversationThread.MemoryOf(turns.Take(turns.Count - 1)), "", limit).Sent
            : memory.Sent;
        var shown = latest is { } count && count < turns.Count ? turns.GetRange(turns.Count - count, count) : turns;
        return new ConversationThread(view, shown, turns.Count, runs.Sum(run => run.CostEur ?? 0m), memory.Sent, beforeLast,
            ConversationThread.FirstRememberedOf(turns, memory.LeftOut));
    }
}
