using Econeura.Domain.Agents;
using Econeura.Domain.Approvals;
using Econeura.Domain.Common;
using Econeura.Domain.Dlp;
using Econeura.Domain.FinOps;

namespace Econeura.Domain.Executions;

/// <param name="Meta">The caller's own labels for the request (the gateway's <c>meta</c>), already checked to carry no personal data.</param>
public sealed record RequestExecution(
    Guid ExecutionId,
    string TenantId,
    string RequestedBy,
    string RequestedByName,
    string Input,
    string CorrelationId,
    Guid ApprovalId,
    string? CostCentre = null,
    IReadOnlyDictionary<string, string>? Meta = null,
    Guid? ConversationId = null,
    IReadOnlyList<AgentMessage>? History = null);

/// <summary>Events of an execution and, when people must approve it (first, or again), the opening event of its approval stream.</summary>
public sealed record RequestedExecution(IReadOnlyList<object> ExecutionEvents, ApprovalRequested? Approval);

/// <summary>What a call whose reply was lost is charged: its price and day, and the most tokens it can have been billed for.</summary>
public sealed record ChargeAtBound(Charge Charge, TokenUsage Tokens);

/// <summary>Pure decisions of the execution life cycle: given the state, a command and the time, the events to append.</summary>
public static class ExecutionDecisions
{
    public const int MaxInputLength = 8_000;
    public const int MaxAttempts = 3;

    /// <summary>
    /// How long the next attempt waits after attempt <paramref name="failedAttempt"/> failed: a receiver that failed gets
    /// a moment to recover, longer each time. With <see cref="MaxAttempts"/> this is the whole retry policy of agent calls.
    /// </summary>
    public static TimeSpan RetryDelay(int failedAttempt) => TimeSpan.FromSeconds(failedAttempt switch { <= 1 => 2, 2 => 5, _ => 15 });

    /// <summary>How long a dispatch belongs to the job that made it; after that its worker is presumed dead.</summary>
    public static readonly TimeSpan DispatchLease = TimeSpan.FromMinutes(10);

    public static IReadOnlyList<LaunchError> Validate(AgentDefinition? agent, string? input)
    {
        var errors = new List<LaunchError>();
        if (agent is null) errors.Add(LaunchError.UnknownAgent);
        else if (!agent.Enabled) errors.Add(LaunchError.AgentDisabled);
        if (string.IsNullOrWhiteSpace(input)) errors.Add(LaunchError.EmptyInput);
        else if (input.Length > MaxInputLength) errors.Add(LaunchError.InputTooLong);
        else if (!StorableText.IsStorable(input)) errors.Add(LaunchError.InvalidCharacters);
        return errors;
    }

    /// <summary>
    /// Opens an execution with what screening made of the input: only the redacted text and the findings' types and
    /// positions are recorded, never the raw input. A policy block or a failed scan closes it at once; a risk that asks
    /// for approvals holds it and opens its approval request, bound to the payload that will be sent.
    /// </summary>
    public static RequestedExecution Request(AgentDefinition agent, RequestExecution command, Screening screening, DateTimeOffset now)
    {
        var errors = Validate(agent, command.Input);
        if (errors.Count > 0) throw new LaunchRejectedException(errors);
        var dlp = screening.Dlp;
        var (recorded, placeholders) = Recorded(dlp);
        var risk = screening.Risk;
        var requested = new ExecutionRequested(
            command.ExecutionId, command.TenantId, agent.Id, agent.Name, agent.Department,
            command.RequestedBy, command.RequestedByName, recorded, dlp.Scan.Findings, command.CorrelationId, now,
            risk.Level, risk.Reasons, screening.EstimatedCostEur, placeholders, CostCentre.Normalize(command.CostCentre),
            command.Meta is { Count: > 0 } meta ? meta : null, command.ConversationId, command.History is { Count: > 0 } h ? h : null);
        if (dlp.Decision.Action == DlpAction.Block)
            return new RequestedExecution([requested, new ExecutionBlocked(command.ExecutionId, dlp.Decision.Reasons, now)], null);
        if (!risk.NeedsApproval) return new RequestedExecution([requested], null);

        var dlpReasons = dlp.Decision.Action == DlpAction.RequireApproval ? dlp.Decision.Reasons : [];
        var approval = new ApprovalRequested(
            command.ApprovalId, command.ExecutionId, command.TenantId, agent.Id, agent.Name, agent.Department,
            command.RequestedBy, command.RequestedByName, recorded, placeholders, ApprovalPayload.Hash(agent.Id, recorded, requested.History),
            risk.Level, risk.Reasons, screening.EstimatedCostEur, risk.ApprovalsRequired,
            now + risk.EscalateAfter, now + risk.ExpireAfter, now, risk.Chain, risk.OnExpiry, requested.History);
        return new RequestedExecution(
            [requested, new ApprovalRequired(command.ExecutionId, dlpReasons, now, command.ApprovalId, risk.ApprovalsRequired)],
            approval);
    }

    /// <summary>
    /// The redacted input as it is kept and sent (trimmed), with where its placeholders sit; nothing at all when the scan
    /// failed, because unscanned text must never be recorded.
    /// </summary>
    private static (string Text, IReadOnlyList<Replacement> Placeholders) Recorded(DlpResult dlp)
    {
        if (!dlp.Scan.Succeeded || dlp.Redaction is not { } redaction) return ("", []);
        var leading = redaction.Redacted.Length - redaction.Redacted.TrimStart().Length;
        return (redaction.Redacted.Trim(), redaction.Replacements.Select(r => r with { Start = r.Start - leading }).ToList());
    }

    /// <summary>
    /// Nothing to do once the execution has finished, nor while another job holds a live dispatch of it: a job that
    /// runs twice must not call the agent twice. The same job may take over its own dispatch (a retry after its worker
    /// died), any job may once the lease has run out, and any job may as soon as the process that held the dispatch has
    /// stopped (<paramref name="isNodeAlive"/>): then the same attempt is made again, since a crash is not the agent's failure.
    /// A dispatched call that is made again or given up on may have reached the agent, which bills it whether or not its
    /// reply was saved: it is charged once, at <paramref name="lostCall"/>, the most it can have cost, and marked unconfirmed.
    /// </summary>
    public static IReadOnlyList<object> Dispatch(
        Execution state, string jobId, DateTimeOffset now, string? node = null, Func<string, bool>? isNodeAlive = null, ChargeAtBound? lostCall = null)
    {
        var events = Redispatch(state, jobId, now, node, isNodeAlive);
        return events.Count > 0 && state.Status == ExecutionStatus.Dispatched && lostCall is not null
            ? [CostOf(state, lostCall.Charge, lostCall.Tokens, now, unconfirmed: true), .. events]
            : events;
    }

    private static IReadOnlyList<object> Redispatch(Execution state, string jobId, DateTimeOffset now, string? node, Func<string, bool>? isNodeAlive)
    {
        if (state.IsFinished || state.Status == ExecutionStatus.AwaitingApproval) return [];
        // An approved execution is sent only with the very payload its approvers saw.
        if (state.ApprovalId is not null && state.ApprovedPayloadHash != state.PayloadHash)
            return [new ExecutionFailed(state.Id, "The input differs from the one that was approved; it was not sent.", now,
                FailureCause.InputChangedAfterApproval)];
        // The job that made this attempt runs again with its outcome unrecorded (its worker died, or saving the reply
        // failed): make the same attempt again, with the same idempotency key, rather than use up another.
        // An execution whose calls keep ending with no outcome (one that crashes its worker, say) is closed after as many
        // such tries as it has attempts.
        if (state is { Status: ExecutionStatus.Dispatched, LastDispatch: { } own } && own.JobId == jobId)
            return state.UnconfirmedCalls >= MaxAttempts
                ? [new ExecutionFailed(state.Id, $"No outcome of the agent call could be recorded after {state.UnconfirmedCalls + 1} tries.", now,
                    FailureCause.NoOutcome, state.UnconfirmedCalls + 1)]
                : [new AgentCallUnconfirmed(state.Id, state.Attempts, now), new ExecutionDispatched(state.Id, state.Attempts, jobId, now, node)];
        if (state is { Status: ExecutionStatus.Dispatched, LastDispatch: { } inFlight })
        {
            if (inFlight.Node is { } holder && isNodeAlive is not null && !isNodeAlive(holder))
                return [new ExecutionDispatched(state.Id, state.Attempts, jobId, now, node, AfterNodeLoss: true)];
            if (now - inFlight.DispatchedAt < DispatchLease) return [];
        }
        // A worker that died mid-call on the last attempt leaves the stream dispatched: close it rather than call again.
        if (state.AttemptsInRound >= MaxAttempts)
            return [new ExecutionFailed(state.Id, $"No attempts left after {state.AttemptsInRound} dispatches.", now, FailureCause.NoAttemptsLeft,
                state.AttemptsInRound)];
        return [new ExecutionDispatched(state.Id, state.Attempts + 1, jobId, now, node)];
    }

    /// <summary>
    /// Checked when a run's turn comes (after a wait in the queue, for people, or for a retry), before it is dispatched,
    /// because what was screened and approved may have changed while it waited: an organisation that was offboarded, an
    /// agent disabled or removed, a DLP policy that now blocks a kind of data found in the input, or a budget that blocks
    /// at its limit and now holds more than its limit (this run's own reservation included) stop it before anything is
    /// sent, with the reason on its timeline. A call already under way is not stopped, and a budget that asks for
    /// approval stops nothing: its run was either approved or screened with the room it had.
    /// </summary>
    /// <param name="kindsNowBlocked">Kinds of data found in the input that the agent's DLP policy blocks now.</param>
    public static IReadOnlyList<object> StopBeforeDispatch(Execution state, bool organisationActive, IEnumerable<BudgetStanding> budgets, DateTimeOffset now,
        bool agentAvailable = true, IReadOnlyCollection<string>? kindsNowBlocked = null)
    {
        if (state.Status != ExecutionStatus.Requested) return [];
        if (!organisationActive)
            return [new ExecutionFailed(state.Id, "The organisation was offboarded before the run's turn came; nothing was sent.", now,
                FailureCause.OrganisationOffboarded)];
        if (!agentAvailable)
            return [new ExecutionFailed(state.Id, "The agent was disabled or removed before the run's turn came; nothing was sent.", now,
                FailureCause.AgentUnavailable)];
        if (kindsNowBlocked is { Count: > 0 })
            return [new ExecutionFailed(state.Id,
                $"The agent's DLP policy now blocks {string.Join(", ", kindsNowBlocked.Order())}, found in the input; nothing was sent.", now,
                FailureCause.DlpPolicyChanged)];
        if (budgets.FirstOrDefault(b => !b.AtLimitNeedsApproval && b.CommittedEur > b.LimitEur) is not { } spent) return [];
        return [new ExecutionFailed(state.Id,
            $"Nothing was sent: {BudgetRule.OwnerInEnglish(spent.Scope, spent.OwnerName)} budget had no room left when the run's turn came.",
            now, FailureCause.BudgetExhausted, BudgetScope: spent.Scope)];
    }

    /// <summary>
    /// Checked after <see cref="StopBeforeDispatch"/> when an approved run's turn comes, because what its approvers approved
    /// may no longer hold: a budget whose policy asks for approval at its limit now holds more than its limit (this run's
    /// reservation included) and the approvers did not know (their request carried no at-limit reason for it), or someone
    /// whose vote counted no longer holds a role of a group in its chain (<paramref name="groupsOf"/>: their groups now, as
    /// the people directory saw them; null for someone it does not know, which proves nothing). Then it goes back for
    /// approval instead of being sent: a new request with the same payload, deadlines from now, what changed on both
    /// streams, and, for a budget, its at-limit reason. That reason makes it high risk, so it asks what the policy asks of
    /// high risk now (<paramref name="highRisk"/>: its chain for the estimated cost, its expiry, at least its quorum and
    /// never fewer approvals than before), as a launch at that limit would; otherwise it keeps its chain, quorum and expiry
    /// policy. Approving it again lets it run. Nothing to do for a run that was never held.
    /// </summary>
    /// <param name="approval">The run's approval request and that stream's state, as decided.</param>
    public static RequestedExecution SendBackBeforeDispatch(
        Execution state, ApprovalRequested approval, Approval decided, IEnumerable<BudgetStanding> budgets,
        Func<string, IReadOnlySet<ApproverGroup>?> groupsOf, RiskLevelPolicy highRisk, Guid newApprovalId, DateTimeOffset now)
    {
        RequestedExecution unchanged = new([], null);
        if (state.Status != ExecutionStatus.Requested || state.ApprovalId != approval.ApprovalId || decided.Status != ApprovalStatus.Approved)
            return unchanged;
        var chainGroups = approval.Stages.Select(s => s.Group).ToHashSet();
        var votes = decided.ValidGrants.ToList();
        var withoutRole = votes.Where(g => groupsOf(g.ApproverId) is { } groups && !groups.Overlaps(chainGroups))
            .Select(g => g.ApproverName).Distinct().ToList();
        var known = approval.Reasons.Where(r => r is { Rule: RiskRule.BudgetLeft, Level: RiskLevel.High }).Select(r => r.Subject).ToHashSet();
        var spent = budgets.FirstOrDefault(b => b.AtLimitNeedsApproval && b.CommittedEur > b.LimitEur && !known.Contains(b.Scope));
        if (spent is null && withoutRole.Count == 0) return unchanged;

        var because = new SentBack(approval.ApprovalId, [.. votes.Select(g => g.ApproverId).Distinct()], spent?.Scope, spent?.OwnerName,
            withoutRole.Count > 0 ? withoutRole : null);
        var reasons = spent is null
            ? approval.Reasons
            : [.. approval.Reasons, new RiskReason(RiskRule.BudgetLeft, RiskLevel.High, spent.Scope, Amount: spent.CommittedEur, Limit: spent.LimitEur,
                SubjectName: spent.OwnerName)];
        // Requests stored before chains keep their two stages, now timed from the new request.
        var chain = spent is null ? approval.Stages : EscalationChains.Route(highRisk, approval.EstimatedCostEur);
        var approvalsRequired = spent is null ? approval.ApprovalsRequired : Math.Max(approval.ApprovalsRequired, Math.Max(1, highRisk.ApprovalsRequired));
        var again = approval with
        {
            ApprovalId = newApprovalId, RequestedAt = now, Reasons = reasons, SentBack = because,
            Risk = spent is null ? approval.Risk : RiskLevel.High,
            ApprovalsRequired = approvalsRequired, Chain = chain, OnExpiry = spent is null ? approval.OnExpiry : highRisk.OnExpiry,
            EscalateAt = now + chain[0].Period, ExpireAt = now + chain.Aggregate(TimeSpan.Zero, (sum, stage) => sum + stage.Period),
        };
        return new RequestedExecution(
            [new ApprovalRequiredAgain(state.Id, newApprovalId, because, SentBackInEnglish(because), now, approvalsRequired)], again);
    }

    private static string SentBackInEnglish(SentBack because)
    {
        var changes = new List<string>();
        if (because.BudgetScope is { } scope) changes.Add($"{BudgetRule.OwnerInEnglish(scope, because.BudgetOwnerName)} budget had reached its limit");
        if (because.WithoutRole is { Count: > 0 } names) changes.Add($"{string.Join(", ", names)} no longer may approve it");
        return $"Sent back for approval when its turn came: {string.Join("; ", changes)}. Nothing was sent.";
    }

    /// <summary>
    /// The agent answered: its reply, redacted (<see cref="AnswerRedaction"/>: it is recorded, shown and sent back as
    /// history), the call's cost at the price in force, and the execution's total cost.
    /// </summary>
    public static IReadOnlyList<object> RecordReply(Execution state, AgentReply reply, Charge charge, DateTimeOffset now)
    {
        if (state.Status != ExecutionStatus.Dispatched) return [];
        var cost = CostOf(state, charge, reply.Usage, now);
        return
        [
            new AgentResponded(state.Id, state.Attempts, AnswerRedaction.Redact(reply.Output, state.RedactedInput), reply.InputTokens,
                reply.OutputTokens, reply.DurationMs, now),
            cost,
            new ExecutionCompleted(state.Id, state.CostEur + cost.CostEur, now),
        ];
    }

    /// <summary>
    /// The call was stopped while the agent answered: what it wrote so far is kept (redacted) and charged like a reply, for the
    /// tokens it used (<paramref name="partial"/> carries them), and the run ends. Nothing to do once it has ended otherwise.
    /// </summary>
    public static IReadOnlyList<object> RecordStop(Execution state, AgentReply partial, Charge charge, string stoppedBy, DateTimeOffset now)
    {
        if (state.Status != ExecutionStatus.Dispatched) return [];
        return
        [
            new AnswerStopped(state.Id, state.Attempts, AnswerRedaction.Redact(partial.Output, state.RedactedInput), partial.InputTokens,
                partial.OutputTokens, partial.DurationMs, stoppedBy, now),
            CostOf(state, charge, partial.Usage, now),
        ];
    }

    /// <summary>
    /// The call failed. When it reached the agent (<paramref name="charge"/> given) it is charged too, for the input it
    /// read; after the last attempt the execution fails with the total it cost.
    /// </summary>
    /// <param name="permanent">The agent refused the call itself (a 4xx other than 408 and 429): trying again would only be refused again.</param>
    public static IReadOnlyList<object> RecordFailure(Execution state, string error, Charge? charge, int inputTokens, DateTimeOffset now,
        bool permanent = false)
    {
        if (state.Status != ExecutionStatus.Dispatched) return [];
        var willRetry = !permanent && state.AttemptsInRound < MaxAttempts;
        var events = new List<object> { new DispatchFailed(state.Id, state.Attempts, error, willRetry, now) };
        if (charge is not null) events.Add(CostOf(state, charge, new TokenUsage(inputTokens, 0), now));
        if (willRetry) return events;
        events.Add(permanent
            ? new ExecutionFailed(state.Id, $"The agent refused the call: {error}", now, FailureCause.AgentRefused, state.AttemptsInRound, error)
            : new ExecutionFailed(state.Id, $"The agent failed {state.AttemptsInRound} times; last error: {error}", now, FailureCause.AgentFailed,
                state.AttemptsInRound, error));
        return events;
    }

    private static CostRecorded CostOf(Execution state, Charge charge, TokenUsage usage, DateTimeOffset now, bool unconfirmed = false) =>
        new(state.Id, state.Attempts, state.AgentId, state.Department, state.RequestedBy, state.RequestedByName, charge.Price.Key,
            usage.Input, usage.Output, unconfirmed ? charge.Price.MostCostOf(usage) : charge.Price.CostOf(usage), charge.Price.EffectiveFrom, charge.Day, now,
            usage.CachedInputCounted, usage.ReasoningCounted, state.RequesterCostCentre, unconfirmed);

    /// <summary>Only what has not been sent can be cancelled: a request waiting for a worker, a retry or people's approval.</summary>
    public static IReadOnlyList<object> Cancel(Execution state, string cancelledBy, DateTimeOffset now) =>
        state.Status is ExecutionStatus.Requested or ExecutionStatus.AwaitingApproval
            ? [new ExecutionCancelled(state.Id, cancelledBy, now)]
            : [];

    /// <summary>
    /// What a decision on its approval (<paramref name="decided"/>, appended to <paramref name="approval"/>) does to the
    /// waiting execution, in the same commit: the quorum reached releases it with the approved payload and who approved;
    /// a rejection or the last deadline ends it. A grant short of the quorum or an escalation changes nothing, nor does a
    /// withdrawal (the execution's own cancel made it).
    /// </summary>
    public static IReadOnlyList<object> FollowApproval(Approval approval, IReadOnlyList<object> decided)
    {
        var after = approval.After(decided);
        if (after.Status == approval.Status) return [];
        return (after.Status, decided[^1]) switch
        {
            (ApprovalStatus.Approved, ApprovalGranted last) => [new ExecutionApproved(approval.ExecutionId, approval.Id, after.PayloadHash,
                [.. after.ValidGrants.Select(g => g.ApproverName)], last.GrantedAt)],
            (ApprovalStatus.Rejected, ApprovalRejected rejected) =>
                [new ExecutionRejected(approval.ExecutionId, approval.Id, rejected.ApproverName, rejected.Reason, rejected.RejectedAt)],
            (ApprovalStatus.Expired, ApprovalExpired expired) => [new ExecutionExpired(approval.ExecutionId, approval.Id, expired.ExpiredAt)],
            (ApprovalStatus.Returned, ApprovalReturned returned) =>
                [new ExecutionExpired(approval.ExecutionId, approval.Id, returned.ReturnedAt, ReturnedToRequester: true)],
            _ => [],
        };
    }

    /// <summary>
    /// Whether a run that failed for <paramref name="cause"/> may be sent again by its own requester: when trying again can
    /// help (the agent or the call failed, or a budget had no room) and sends exactly what was screened, approved and
    /// budgeted before. A refusal, an input that is not the approved one, an offboarded organisation or a failure of
    /// unknown cause is for an admin to look at first.
    /// </summary>
    public static bool RequesterMayRetry(FailureCause? cause) =>
        cause is FailureCause.AgentFailed or FailureCause.NoOutcome or FailureCause.NoAttemptsLeft or FailureCause.BudgetExhausted;

    /// <summary>
    /// A failed execution may be sent again, by an admin who fixed the cause (a route, a key, an outage), or by its
    /// requester when <see cref="RequesterMayRetry"/>, unless its budgets now stop new spending: a retry costs like a launch.
    /// A spent budget that sends launches to approval refuses the requester too (their launch would wait for approval);
    /// the admin retrying is the person deciding.
    /// </summary>
    public static RetryDecision Retry(Execution state, string retriedBy, IReadOnlyList<BudgetStanding> budgets, DateTimeOffset now,
        bool byRequester = false)
    {
        if (state.Status != ExecutionStatus.Failed) return new RetryDecision.Refused(RetryRefusal.NotFailed);
        if (byRequester && !RequesterMayRetry(state.Failure)) return new RetryDecision.Refused(RetryRefusal.NotForRequester);
        if (budgets.Any(b => b.Blocks || (byRequester && b.Exhausted))) return new RetryDecision.Refused(RetryRefusal.BudgetExhausted);
        return new RetryDecision.Retried(new ExecutionRetried(state.Id, retriedBy, now));
    }
}

public enum RetryRefusal
{
    NotFailed,
    BudgetExhausted,

    /// <summary>The requester may not send this failure again: an admin looks at it first.</summary>
    NotForRequester,
}

public abstract record RetryDecision
{
    public sealed record Retried(ExecutionRetried Event) : RetryDecision;

    public sealed record Refused(RetryRefusal Why) : RetryDecision;
}
