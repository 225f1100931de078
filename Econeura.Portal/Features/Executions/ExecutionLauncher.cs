using System.Diagnostics;
using Econeura.Portal.Features.Dispatch;
using Econeura.Domain.Agents;
using Econeura.Domain.Executions;
using Econeura.Domain.FinOps;
using Econeura.Portal.Features.Agents;
using Econeura.Portal.Features.FinOps;
using Econeura.Portal.Features.Approvals;
using Econeura.Domain.Approvals;
using Econeura.Domain.Common;
using Econeura.Domain.Dlp;
using Marten.Exceptions;

namespace Econeura.Portal.Features.Executions;

/// <summary>What became of a launch: an execution was opened, or nothing was stored and these are the reasons.</summary>
public abstract record LaunchResult
{
    /// <param name="Repeated">The caller's <c>Idempotency-Key</c> had opened it already: this launch found it and opened nothing.</param>
    public sealed record Launched(Guid ExecutionId, bool Repeated = false) : LaunchResult;

    /// <summary>The caller's <c>Idempotency-Key</c> already opened an execution for another request: nothing was launched.</summary>
    public sealed record KeyReused : LaunchResult;

    /// <param name="Budget">The spent budget that refused it, when that is the reason.</param>
    public sealed record Rejected(IReadOnlyList<LaunchError> Errors, BudgetStanding? Budget = null) : LaunchResult;

    /// <summary>The tenant already has <paramref name="Queued"/> executions waiting for a worker: try again after <paramref name="RetryAfter"/>.</summary>
    public sealed record Backlogged(int Queued, TimeSpan RetryAfter) : LaunchResult;
}

/// <summary>
/// Starts an execution: validates, screens, and opens its stream with <see cref="ExecutionRequested"/>; the same commit
/// puts ready work in the <see cref="DispatchQueue"/>.
/// </summary>
public sealed class ExecutionLauncher(
    IDocumentStore store,
    AgentCatalog catalog,
    LaunchScreening screening,
    DispatchQueue queue,
    IBackgroundJobClient jobs,
    PersonCostCentres costCentres,
    TimeProvider time)
{
    /// <param name="correlationId">The caller's own (the gateway's <c>X-Correlation-Id</c>); else the trace id of this request.</param>
    /// <param name="intent">What a gateway caller asked beyond its input: a redaction operator and its own labels.</param>
    /// <param name="turn">A conversation's turn: the conversation before it goes with it, as much as fits the agent's context limit.</param>
    /// <param name="idempotencyKey">
    /// The caller's name for this launch: made again with the same key (after an answer lost to a timeout or an outage), it
    /// finds the execution the first one opened instead of opening a second.
    /// </param>
    /// <param name="alsoRecord">More to record in the launch's own commit, from what it requests (a conversation its first turn opens).</param>
    public async Task<LaunchResult> LaunchAsync(
        PortalUser user, string? agentId, string? input, CancellationToken cancellationToken = default, string? correlationId = null,
        CallerIntent? intent = null, ConversationTurn? turn = null, string? idempotencyKey = null,
        Action<IDocumentSession, ExecutionRequested>? alsoRecord = null)
    {
        var agent = await catalog.FindAsync(user.TenantId, agentId, cancellationToken);
        var errors = ExecutionDecisions.Validate(agent, input);
        if (agent is null || input is null || errors.Count > 0) return new LaunchResult.Rejected(errors);
        var executionId = idempotencyKey is null ? Guid.CreateVersion7() : IdFor(user, idempotencyKey);
        // Before any check: the first launch's own reservation or queue place must not refuse its repetition.
        if (idempotencyKey is not null && await EarlierLaunchAsync(user, agent, input, executionId, intent?.Redaction, cancellationToken) is { } earlier)
            return earlier;
        if (await queue.BacklogFullAsync(user.TenantId, cancellationToken) is { } backlog)
            return new LaunchResult.Backlogged(backlog.Queued, backlog.RetryAfter);
        correlationId ??= Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        // Fixed now: a later change of the person's cost centre never moves what this run costs.
        var costCentre = await costCentres.ChargedToAsync(user, cancellationToken);
        // The prior messages are redacted already; the new one's length before redaction is close enough to fit them by.
        var history = turn is null ? null : ConversationHistory.Build(turn.Prior, input, agent.ContextLimitTokens).Sent;

        // Screening reads the budgets without holding them; the commit checks them again under lock. When other launches
        // took the room in between, the request is screened once more: refused now, or sent to approval.
        for (var attempt = 1; ; attempt++)
        {
            var screened = await screening.ScreenAsync(user, agent, input, cancellationToken, intent?.Redaction, history: history);
            if (screened.BlockingBudget is { } spent) return new LaunchResult.Rejected([LaunchError.BudgetExhausted], spent);
            try
            {
                return await OpenAsync(new Opening(executionId, user, agent, input, correlationId, costCentre, screened, intent?.Meta,
                    turn?.ConversationId, history, alsoRecord), cancellationToken);
            }
            catch (ExistingStreamIdCollisionException) when (idempotencyKey is not null)
            {
                // The same key launched at the same moment, and that one committed first.
                return await EarlierLaunchAsync(user, agent, input, executionId, intent?.Redaction, cancellationToken) ?? new LaunchResult.KeyReused();
            }
            catch (BudgetRoomTakenException taken) when (attempt == 3)
            {
                return new LaunchResult.Rejected([LaunchError.BudgetExhausted], screened.Budgets?.FirstOrDefault(b => b.Scope == taken.Scope));
            }
            catch (BudgetRoomTakenException)
            {
                // Screened again with the room now taken.
            }
        }
    }

    /// <summary>The id of the execution a person's <c>Idempotency-Key</c> opens: per tenant and person, so nobody else's key can name it.</summary>
    public static Guid IdFor(PortalUser user, string idempotencyKey) => StableIds.From($"launch\n{user.TenantId}\n{user.UserId}\n{idempotencyKey}");

    /// <summary>The execution an <c>Idempotency-Key</c> opened before, when this is the same request again; null when the key is new.</summary>
    private async Task<LaunchResult?> EarlierLaunchAsync(
        PortalUser user, AgentDefinition agent, string input, Guid executionId, RedactionOperator? redaction, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(user.TenantId);
        var events = await session.Events.FetchStreamAsync(executionId, version: 1, token: cancellationToken);
        if (events.Count == 0) return null;
        // Compared as stored, redacted: the raw input was never kept.
        return events[0].Data is ExecutionRequested earlier && earlier.AgentId == agent.Id
               && earlier.RedactedInput == await screening.RedactedAsync(user, agent, input, redaction, cancellationToken)
            ? new LaunchResult.Launched(executionId, Repeated: true)
            : new LaunchResult.KeyReused();
    }

    private sealed record Opening(
        Guid ExecutionId, PortalUser User, AgentDefinition Agent, string Input, string CorrelationId, string? CostCentre, Screening Screened,
        IReadOnlyDictionary<string, string>? Meta, Guid? ConversationId, IReadOnlyList<AgentMessage>? History,
        Action<IDocumentSession, ExecutionRequested>? AlsoRecord);

    private async Task<LaunchResult> OpenAsync(Opening opening, CancellationToken cancellationToken)
    {
        var (executionId, user, agent, input, correlationId, costCentre, screened, meta, conversationId, history, alsoRecord) = opening;
        var requested = ExecutionDecisions.Request(
            agent,
            new RequestExecution(executionId, user.TenantId, user.UserId, user.DisplayName, input, correlationId, Guid.CreateVersion7(), costCentre, meta,
                conversationId, history),
            screened,
            time.GetUtcNow());
        var status = Execution.Fold(requested.ExecutionEvents).Status;

        await using (var session = store.LightweightSession(user.TenantId))
        {
            // The execution, its approval request and its reservation open together, or not at all.
            session.Events.StartStream(executionId, requested.ExecutionEvents.ToArray());
            if (requested.Approval is { } approval) session.Events.StartStream(approval.ApprovalId, approval);
            alsoRecord?.Invoke(session, requested.ExecutionEvents.OfType<ExecutionRequested>().Single());
            if (status != ExecutionStatus.Blocked)
                BudgetReservations.Reserve(session, user.TenantId, executionId, screened.Today, screened.EstimatedCostEur,
                    (screened.Budgets ?? []).Select(b =>
                        new BudgetClaim(b.Scope, b.LimitEur, Enforced: !b.AtLimitNeedsApproval || requested.Approval is null)));
            await BudgetReservations.SaveAsync(session, cancellationToken);
        }
        if (requested.Approval is { } opened) ApprovalDeadlinesJob.Schedule(jobs, user.TenantId, opened);
        return new LaunchResult.Launched(executionId);
    }
}
