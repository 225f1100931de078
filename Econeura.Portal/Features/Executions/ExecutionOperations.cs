using Econeura.Portal.Features.Dispatch;
using Econeura.Portal.Features.FinOps;
using Econeura.Domain.Approvals;
using Econeura.Domain.Dlp;
using Econeura.Domain.Executions;
using Econeura.Portal.Features.Dlp;
using Econeura.Portal.Infrastructure.LiveUpdates;

namespace Econeura.Portal.Features.Executions;

public enum OperationRefusal
{
    /// <summary>Only a request still waiting (for a worker or for approval) can be cancelled: anything sent is on its way.</summary>
    NotCancellable,

    /// <summary>Only a failed execution is retried, or one that waits for a worker and may be handed a new job.</summary>
    NotRetryable,

    BudgetExhausted,

    /// <summary>Only a call under way can be stopped, by its requester or an admin.</summary>
    NotStoppable,

    /// <summary>
    /// The requester may not send this run again: its failure, or the agent's data policy since, is for an admin to look at.
    /// </summary>
    ForAnAdmin,
}

public abstract record OperationOutcome
{
    public sealed record Done(ExecutionView Execution) : OperationOutcome;

    public sealed record Refused(OperationRefusal Why) : OperationOutcome;

    /// <summary>Someone else changed the execution at the same moment; nothing was written.</summary>
    public sealed record Conflict : OperationOutcome;

    public sealed record NotFound : OperationOutcome;
}

/// <summary>
/// The repairs a tenant admin makes without the platform's jobs dashboard: cancel what still waits, retry what failed,
/// hand a new job to what stalled. A requester may cancel their own waiting request, and retry their own failed run
/// when the domain lets them (<see cref="ExecutionDecisions.RequesterMayRetry"/>).
/// </summary>
public sealed class ExecutionOperations(
    IDocumentStore store, ExecutionQueries queries, DispatchQueue queue, BudgetStandings budgets, AgentDlpPolicies dlpPolicies, AnswerRelay answers,
    TimeProvider time)
{
    public static bool CanCancel(ExecutionView view) => view.Status is ExecutionStatus.Requested or ExecutionStatus.AwaitingApproval;

    public static bool CanRetry(ExecutionView view) =>
        view.Status is ExecutionStatus.Failed or ExecutionStatus.Requested or ExecutionStatus.Dispatched;

    /// <summary>The requester's own failed run, of a failure that trying again can mend.</summary>
    public static bool RequesterCanRetry(PortalUser user, ExecutionView view) =>
        view.Status == ExecutionStatus.Failed && view.RequestedBy == user.UserId && ExecutionDecisions.RequesterMayRetry(view.FailureCause);

    public static bool CanStop(PortalUser user, ExecutionView view) =>
        view.Status == ExecutionStatus.Dispatched && (user.IsAdmin || view.RequestedBy == user.UserId);

    /// <summary>
    /// Asks the process making the call to stop it; that process records the partial answer as stopped and charges it
    /// (<see cref="ExecutionDecisions.RecordStop"/>), and the page hears of it like any change. The execution as it was is returned.
    /// </summary>
    public async Task<OperationOutcome> StopAsync(PortalUser user, Guid executionId, CancellationToken cancellationToken = default)
    {
        if (await queries.FindAsync(user, executionId, cancellationToken) is not { } view) return new OperationOutcome.NotFound();
        if (!CanStop(user, view)) return new OperationOutcome.Refused(OperationRefusal.NotStoppable);
        await answers.RequestStopAsync(user.TenantId, executionId, user.DisplayName);
        return new OperationOutcome.Done(view);
    }

    public async Task<OperationOutcome> CancelAsync(PortalUser user, Guid executionId, CancellationToken cancellationToken = default)
    {
        if (await queries.FindAsync(user, executionId, cancellationToken) is null) return new OperationOutcome.NotFound();
        var now = time.GetUtcNow();
        var write = await store.DecideAsync(user.TenantId, executionId, state => ExecutionDecisions.Cancel(state, user.DisplayName, now),
            // The approvers' queue loses the request in the same commit, so nobody approves what was cancelled.
            new WriteRules<Execution, bool>(Alongside: (session, state, _, token) =>
                state is { Status: ExecutionStatus.AwaitingApproval, ApprovalId: { } approvalId }
                    ? session.AppendDecidedAsync<Approval>(
                        approvalId, pending => ApprovalDecisions.Withdraw(pending, user.DisplayName, now).ApprovalEvents, token)
                    : Task.CompletedTask),
            cancellationToken);
        return write switch
        {
            StreamWrite<Execution, bool>.Written { Appended.Count: 0 } => new OperationOutcome.Refused(OperationRefusal.NotCancellable),
            StreamWrite<Execution, bool>.Written => await DoneAsync(user, executionId, cancellationToken),
            StreamWrite<Execution, bool>.LostRace => new OperationOutcome.Conflict(),
            _ => new OperationOutcome.NotFound(),
        };
    }

    /// <summary>
    /// A failed execution starts a fresh round of attempts; one waiting for a worker is handed out again at once (a job
    /// that turns out to be alive after all finds the dispatch leased and does nothing).
    /// </summary>
    public async Task<OperationOutcome> RetryAsync(PortalUser user, Guid executionId, CancellationToken cancellationToken = default)
    {
        if (await queries.FindAsync(user, executionId, cancellationToken) is not { } view) return new OperationOutcome.NotFound();
        var byRequester = !user.IsAdmin;
        if (view.Status is ExecutionStatus.Requested or ExecutionStatus.Dispatched)
        {
            if (byRequester) return new OperationOutcome.Refused(OperationRefusal.NotRetryable);
            await queue.HandAgainAsync(user.TenantId, executionId, cancellationToken);
            return new OperationOutcome.Done(view);
        }

        if (byRequester && await DlpNowHoldsAsync(view, cancellationToken)) return new OperationOutcome.Refused(OperationRefusal.ForAnAdmin);
        var position = await budgets.ForAsync(user.TenantId, view.Budgeted(), cancellationToken);
        // A retry costs like a launch: it reserves its estimate again (the failure released the first one) in the commit
        // that retries, under the same lock, so concurrent retries and launches cannot share the last room. A budget that
        // asks for approval at its limit does not refuse it: the admin retrying is the person deciding.
        var write = await BudgetReservations.UnlessRoomTakenAsync(() => store.DecideAsync(user.TenantId, executionId, state =>
            {
                var decision = ExecutionDecisions.Retry(state, user.DisplayName, position.Budgets, time.GetUtcNow(), byRequester);
                return new Decision<RetryDecision>(decision is RetryDecision.Retried retried ? [retried.Event] : [], decision);
            },
            new WriteRules<Execution, RetryDecision>(Alongside: (session, _, _, _) =>
            {
                BudgetReservations.Reserve(session, user.TenantId, executionId, position.Today, view.EstimatedCostEur ?? 0m,
                    position.Budgets.Select(b => new BudgetClaim(b.Scope, b.LimitEur, Enforced: byRequester || !b.AtLimitNeedsApproval)));
                return Task.CompletedTask;
            }),
            cancellationToken));
        switch (write)
        {
            case null:
            case StreamWrite<Execution, RetryDecision>.Written { Result: RetryDecision.Refused { Why: RetryRefusal.BudgetExhausted } }:
                return new OperationOutcome.Refused(OperationRefusal.BudgetExhausted);
            case StreamWrite<Execution, RetryDecision>.Written { Result: RetryDecision.Refused { Why: RetryRefusal.NotForRequester } }:
                return new OperationOutcome.Refused(OperationRefusal.ForAnAdmin);
            case StreamWrite<Execution, RetryDecision>.Written { Result: RetryDecision.Refused }:
                return new OperationOutcome.Refused(OperationRefusal.NotRetryable);
            case StreamWrite<Execution, RetryDecision>.LostRace:
                return new OperationOutcome.Conflict();
            case StreamWrite<Execution, RetryDecision>.NoSuchStream:
                return new OperationOutcome.NotFound();
        }
        return await DoneAsync(user, executionId, cancellationToken);
    }

    /// <summary>
    /// The agent's data policy now blocks, or sends to approval, a kind of data the run's input held: its requester would
    /// not get it through a launch today, so a retry is not theirs to make.
    /// </summary>
    private async Task<bool> DlpNowHoldsAsync(ExecutionView view, CancellationToken cancellationToken)
    {
        var policy = (await dlpPolicies.GetAsync(view.TenantId, view.AgentId, cancellationToken)).ToPolicy();
        return view.KindsFoundThat(policy, DlpAction.Block, DlpAction.RequireApproval).Count > 0;
    }

    private async Task<OperationOutcome> DoneAsync(PortalUser user, Guid executionId, CancellationToken cancellationToken) =>
        await queries.FindAsync(user, executionId, cancellationToken) is { } view
            ? new OperationOutcome.Done(view)
            : new OperationOutcome.NotFound();
}
