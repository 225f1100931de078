using Econeura.Portal.Features.Agents.Routing;
using Econeura.Domain.Agents;
using Econeura.Domain.Approvals;
using Econeura.Domain.Dlp;
using Econeura.Domain.Executions;
using Econeura.Domain.FinOps;
using Econeura.Portal.Features.Agents;
using Econeura.Portal.Features.Approvals;
using Econeura.Portal.Features.Dlp;
using Econeura.Portal.Features.FinOps;
using Econeura.Portal.Features.Identity;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// What a dispatch decides with, read before anything is appended: whether the organisation is still active, how the
/// budgets the run spends from stand now, the agent and its price for the call, what its DLP policy now blocks of the
/// data found in the input, and for an approved run its approval as decided. A database that fails here fails the job
/// with nothing written, and its retry starts afresh.
/// </summary>
public sealed record CallTerms(
    bool OrganisationActive, IReadOnlyList<BudgetStanding> Budgets, AgentDefinition? Agent, Charge? Charge, AgentCallBounds Bounds,
    IReadOnlyList<string> KindsNowBlocked, ApprovalOnRecord? Approval = null)
{
    /// <summary>What an approved run's re-check decides (<see cref="ExecutionDecisions.SendBackBeforeDispatch"/>); nothing for one never held.</summary>
    public RequestedExecution SendBack(Execution state, Guid newApprovalId, DateTimeOffset now) => Approval is { } approval
        ? ExecutionDecisions.SendBackBeforeDispatch(
            state, approval.Request, approval.Decided, Budgets, approval.GroupsOf, approval.HighRisk, newApprovalId, now)
        : new RequestedExecution([], null);

    /// <summary>Still in the catalog and enabled: a run whose agent was switched off while it waited is not sent.</summary>
    public bool AgentAvailable => Agent is { Enabled: true };

    /// <summary>What a dispatched call whose reply was lost is charged: the most it can have cost.</summary>
    public ChargeAtBound? LostCall(Execution state) =>
        Agent is { } agent && Charge is { } charge ? new ChargeAtBound(charge, Bounds.Of(agent, state.RedactedInput)) : null;
}

/// <summary>
/// An approved run's approval request and its stream as decided, with the groups each person whose vote counted holds now,
/// and what the tenant's risk policy asks of high risk now (a request sent back at a budget's limit is high risk).
/// </summary>
public sealed record ApprovalOnRecord(
    ApprovalRequested Request, Approval Decided, IReadOnlyDictionary<string, IReadOnlySet<ApproverGroup>> DecidersNow, RiskLevelPolicy HighRisk)
{
    /// <summary>Null for someone the people directory has not seen: nothing says they lost a role.</summary>
    public IReadOnlySet<ApproverGroup>? GroupsOf(string personId) => DecidersNow.GetValueOrDefault(personId);
}

public sealed class CallTermsReader(
    IDocumentStore store,
    AgentCatalog catalog,
    AgentCallBounds bounds,
    PriceTable prices,
    FinOpsSettingsStore finops,
    BudgetStandings standings,
    ITenantStatus tenants,
    AgentDlpPolicies dlpPolicies,
    People people,
    RiskPolicies riskPolicies,
    TimeProvider time)
{
    public async Task<CallTerms> ReadAsync(string tenantId, Guid executionId, CancellationToken cancellationToken)
    {
        var organisationActive = await tenants.IsActiveAsync(tenantId, cancellationToken);
        await using var query = store.QuerySession(tenantId);
        if (await query.LoadAsync<ExecutionView>(executionId, cancellationToken) is not { } view)
            return new CallTerms(organisationActive, [], null, null, bounds, []);
        var budgets = (await standings.ForAsync(tenantId, view.Budgeted(), cancellationToken)).Budgets;
        var approval = await ApprovalAsync(tenantId, query, view, cancellationToken);
        if (await catalog.FindAsync(tenantId, view.AgentId, cancellationToken) is not { } agent)
            return new CallTerms(organisationActive, budgets, null, null, bounds, [], approval);
        var dlp = (await dlpPolicies.GetAsync(tenantId, agent.Id, cancellationToken)).ToPolicy();
        var kindsNowBlocked = view.KindsFoundThat(dlp, DlpAction.Block).Select(type => type.ToString()).ToList();
        // The price and the day are those of the call, in the tenant's time zone.
        var day = BudgetCalendar.LocalDay(time.GetUtcNow(), await finops.TimeZoneAsync(tenantId, cancellationToken));
        var price = (await prices.BookAsync(tenantId, cancellationToken)).For(agent, day);
        return new CallTerms(organisationActive, budgets, agent, price is null ? null : new Charge(price, day), bounds, kindsNowBlocked, approval);
    }

    /// <summary>Read only for a run that waits for its turn after people approved it: a re-check is what it is for.</summary>
    private async Task<ApprovalOnRecord?> ApprovalAsync(string tenantId, IQuerySession query, ExecutionView view, CancellationToken cancellationToken)
    {
        if (view is not { Status: ExecutionStatus.Requested, ApprovalId: { } approvalId }) return null;
        var events = await query.Events.FetchStreamAsync(approvalId, token: cancellationToken);
        if (events is not [{ Data: ApprovalRequested request }, ..]) return null;
        var decided = Approval.Fold([.. events.Select(e => e.Data)]);
        var deciders = new Dictionary<string, IReadOnlySet<ApproverGroup>>();
        foreach (var id in decided.ValidGrants.Select(g => g.ApproverId).Distinct())
            if (await people.FindAsync(tenantId, id, cancellationToken) is { } person) deciders[id] = ApproverGroups.Of(person.Roles);
        return new ApprovalOnRecord(request, decided, deciders, (await riskPolicies.GetAsync(tenantId, cancellationToken)).Policy.High);
    }
}
