using Econeura.Portal.Features.Agents.Routing;
using Econeura.Domain.Agents;
using Econeura.Domain.Dlp;
using Econeura.Domain.Executions;
using Econeura.Domain.FinOps;
using Econeura.Portal.Features.Agents;
using Econeura.Portal.Features.Dlp;
using Econeura.Portal.Features.FinOps;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// What a dispatch decides with, read before anything is appended: whether the organisation is still active, how the
/// budgets the run spends from stand now, the agent and its price for the call, and what its DLP policy now blocks of
/// the data found in the input. A database that fails here fails the job with nothing written, and its retry starts afresh.
/// </summary>
public sealed record CallTerms(
    bool OrganisationActive, IReadOnlyList<BudgetStanding> Budgets, AgentDefinition? Agent, Charge? Charge, AgentCallBounds Bounds,
    IReadOnlyList<string> KindsNowBlocked)
{
    /// <summary>Still in the catalog and enabled: a run whose agent was switched off while it waited is not sent.</summary>
    public bool AgentAvailable => Agent is { Enabled: true };

    /// <summary>What a dispatched call whose reply was lost is charged: the most it can have cost.</summary>
    public ChargeAtBound? LostCall(Execution state) =>
        Agent is { } agent && Charge is { } charge ? new ChargeAtBound(charge, Bounds.Of(agent, state.RedactedInput)) : null;
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
    TimeProvider time)
{
    public async Task<CallTerms> ReadAsync(string tenantId, Guid executionId, CancellationToken cancellationToken)
    {
        var organisationActive = await tenants.IsActiveAsync(tenantId, cancellationToken);
        await using var query = store.QuerySession(tenantId);
        if (await query.LoadAsync<ExecutionView>(executionId, cancellationToken) is not { } view)
            return new CallTerms(organisationActive, [], null, null, bounds, []);
        var budgets = (await standings.ForAsync(tenantId, view.Budgeted(), cancellationToken)).Budgets;
        if (await catalog.FindAsync(tenantId, view.AgentId, cancellationToken) is not { } agent)
            return new CallTerms(organisationActive, budgets, null, null, bounds, []);
        var dlp = (await dlpPolicies.GetAsync(tenantId, agent.Id, cancellationToken)).ToPolicy();
        var kindsNowBlocked = view.KindsFoundThat(dlp, DlpAction.Block).Select(type => type.ToString()).ToList();
        // The price and the day are those of the call, in the tenant's time zone.
        var day = BudgetCalendar.LocalDay(time.GetUtcNow(), await finops.TimeZoneAsync(tenantId, cancellationToken));
        var price = (await prices.BookAsync(tenantId, cancellationToken)).For(agent, day);
        return new CallTerms(organisationActive, budgets, agent, price is null ? null : new Charge(price, day), bounds, kindsNowBlocked);
    }
}
