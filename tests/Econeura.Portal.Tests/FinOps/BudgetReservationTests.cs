using Econeura.Portal.Tests.Approvals;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>
/// A budget that blocks at its limit is a hard stop: launches reserve their estimate under a lock that holds across
/// nodes, the run's end releases it, and a run whose turn comes after the room is gone sends nothing. Calls take 4 s, so
/// every run of a burst still holds its reservation when the burst ends.
/// </summary>
public sealed class BudgetReservationTests() : TwoPortalNodes(new Dictionary<string, string?> { ["Agents:Simulator:LatencyMs"] = "4000", ["Dispatch:PerTenantInFlight"] = "0" })
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly PortalUser Diego = PortalFixture.User("diego");
    private static readonly PortalUser Bruno = PortalFixture.User("bruno");

    private Task SetBudgetAsync(string scope, decimal limit, BudgetAtLimit atLimit) => TestBudgets.SetAsync(NodeA.Services, Diego, scope, limit, atLimit);

    private Task<decimal> ReservedAsync(string scope) => TestBudgets.ReservedAsync(Database.ConnectionString, Ana.TenantId, scope);

    [Fact]
    public async Task Forty_launches_at_once_on_two_nodes_take_exactly_the_room_a_blocking_budget_has_and_no_more()
    {
        const string input = "Responde al cliente sobre el estado de su pedido";
        var agent = (await NodeA.Services.GetRequiredService<AgentCatalog>().FindAsync(Ana.TenantId, "neura-11"))!;
        var estimate = (await NodeA.Services.GetRequiredService<LaunchScreening>().ScreenAsync(Ana, agent, input)).EstimatedCostEur;
        Assert.True(estimate > 0);
        // Room for ten runs and half of an eleventh.
        await SetBudgetAsync("support", estimate * 10.5m, BudgetAtLimit.Block);

        var launches = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? NodeA : NodeB).Services.GetRequiredService<ExecutionLauncher>().LaunchAsync(Ana, "neura-11", input)));

        Assert.Equal(10, launches.Count(l => l is LaunchResult.Launched));
        Assert.All(launches.OfType<LaunchResult.Rejected>(), rejected => Assert.Equal([LaunchError.BudgetExhausted], rejected.Errors));
        Assert.Equal(estimate * 10, await ReservedAsync("support"));
        Assert.Equal(estimate * 10, await ReservedAsync(BudgetRule.TenantScope));
    }

    [Fact]
    public async Task A_finished_run_gives_its_reservation_back_as_the_cost_it_recorded()
    {
        var launched = Assert.IsType<LaunchResult.Launched>(await NodeA.Services.GetRequiredService<ExecutionLauncher>().LaunchAsync(Ana, "neura-10", "Resume el informe"));
        Assert.True(await ReservedAsync("research") > 0);

        var done = await Eventually.Until(async () =>
        {
            await using var session = NodeA.Services.GetRequiredService<IDocumentStore>().QuerySession(Ana.TenantId);
            return (await session.LoadAsync<ExecutionView>(launched.ExecutionId))!;
        }, view => view.Status == ExecutionStatus.Completed, "the run to complete");

        Assert.Equal(0m, await ReservedAsync("research"));
        var position = await NodeA.Services.GetRequiredService<BudgetStandings>().ForAsync(Ana.TenantId, new BudgetedRun("research", "neura-10", Ana.UserId, Ana.DisplayName));
        var research = Assert.Single(position.Budgets, b => b.Scope == "research");
        Assert.Equal((done.CostEur, 0m), (research.SpentEur, research.ReservedEur));
    }

    [Fact]
    public async Task A_run_whose_turn_comes_after_a_blocking_budget_ran_out_sends_nothing_and_says_which_budget()
    {
        var store = NodeA.Services.GetRequiredService<IDocumentStore>();
        // The room goes while a run accepted earlier waits (held for people, or queued): its request is written after the
        // budget ran out, as a launch's check no longer sees it. The portal's own dispatcher may take it before this test
        // does; whoever dispatches must stop it.
        await SetBudgetAsync("cto", 0.01m, BudgetAtLimit.Block);
        await using (var session = store.LightweightSession(Ana.TenantId))
        {
            var today = BudgetCalendar.LocalDay(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid"));
            BudgetReservations.Reserve(session, Ana.TenantId, Guid.CreateVersion7(), today, 0.02m, [new BudgetClaim("cto", 1m, Enforced: false)]);
            await session.SaveChangesAsync();
        }
        var id = Guid.CreateVersion7();
        await using (var session = store.LightweightSession(Ana.TenantId))
        {
            session.Events.StartStream(id, new ExecutionRequested(id, Ana.TenantId, "neura-7", "NEURA-7", "cto",
                Ana.UserId, Ana.DisplayName, "Revisa el despliegue", [], $"corr-{id:N}", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        await NodeA.Services.GetRequiredService<DispatchExecutionJob>().DispatchAsync(Ana.TenantId, id, null, "job-1", CancellationToken.None);

        var events = await Eventually.Until(async () =>
        {
            await using var query = store.QuerySession(Ana.TenantId);
            return (await query.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
        }, events => events[^1] is ExecutionFailed or AgentResponded or ExecutionCompleted, "the run to end");
        Assert.Empty(events.OfType<AgentResponded>());
        Assert.Empty(events.OfType<ExecutionDispatched>());
        var failed = Assert.IsType<ExecutionFailed>(events[^1]);
        Assert.Equal((FailureCause.BudgetExhausted, "cto"), (failed.Cause, failed.BudgetScope));
    }

    [Fact]
    public async Task Forty_requests_approved_after_their_blocking_budget_ran_out_send_nothing_and_give_their_room_back()
    {
        await SetBudgetAsync(BudgetRule.TenantScope, 1000m, BudgetAtLimit.Block);
        await SetBudgetAsync("legal", 100m, BudgetAtLimit.Block);
        var launches = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? NodeA : NodeB).Services.GetRequiredService<ExecutionLauncher>().LaunchAsync(Ana, "neura-8", $"Revisa la cláusula {i} del contrato")));
        var held = launches.Select(l => Assert.IsType<LaunchResult.Launched>(l).ExecutionId).ToList();
        Assert.True(await ReservedAsync("legal") > 0);
        // While they wait, other work of the department spends the whole month's budget.
        var store = NodeA.Services.GetRequiredService<IDocumentStore>();
        var today = await NodeA.Services.GetRequiredService<FinOpsSettingsStore>().TodayAsync(Ana.TenantId);
        await using (var session = store.LightweightSession(Ana.TenantId))
        {
            var other = Guid.CreateVersion7();
            session.Events.StartStream(other, new CostRecorded(other, 1, "neura-8", "legal", Ana.UserId, Ana.DisplayName, "gpt-4o", 1000, 1000, 100m,
                new DateOnly(2025, 1, 1), today, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        var queries = NodeA.Services.GetRequiredService<ApprovalQueries>();
        var decisions = await Task.WhenAll(held.Select(async (id, i) =>
        {
            var approval = (await queries.CurrentRequestAsync(Ana.TenantId, id))!;
            return await (i % 2 == 0 ? NodeA : NodeB).Services.GetRequiredService<ApprovalDesk>()
                .DecideAsync(Bruno, approval.Id, ApprovalVerdict.Approve, null, approval.Version, approval.PayloadHash);
        }));
        Assert.All(decisions, decision => Assert.IsType<DecisionOutcome.Decided>(decision));

        foreach (var id in held)
        {
            var view = await Eventually.Until(async () =>
            {
                await using var session = store.QuerySession(Ana.TenantId);
                return (await session.LoadAsync<ExecutionView>(id))!;
            }, view => view.Status != ExecutionStatus.AwaitingApproval && view.Status != ExecutionStatus.Requested, "the approved request's turn to come");
            Assert.Equal((ExecutionStatus.Failed, null), (view.Status, view.CostEur));
            await using var query = store.QuerySession(Ana.TenantId);
            var events = (await query.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
            Assert.Empty(events.OfType<ExecutionDispatched>());
            Assert.Equal("legal", Assert.IsType<ExecutionFailed>(events[^1]).BudgetScope);
        }
        Assert.Equal(0m, await ReservedAsync("legal"));
    }

    [Fact]
    public async Task Two_admins_retrying_at_once_on_two_nodes_cannot_both_take_the_last_room()
    {
        var store = NodeA.Services.GetRequiredService<IDocumentStore>();
        var failed = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            var id = Guid.CreateVersion7();
            var at = DateTimeOffset.UtcNow;
            await using var session = store.LightweightSession(Ana.TenantId);
            session.Events.StartStream(id,
                new ExecutionRequested(id, Ana.TenantId, "neura-1", "NEURA-1", "analytics", Ana.UserId, Ana.DisplayName, "Cuenta los pedidos", [],
                    $"corr-{id:N}", at, EstimatedCostEur: 1m),
                new ExecutionFailed(id, "The agent's route was wrong", at, FailureCause.AgentFailed));
            await session.SaveChangesAsync();
            failed.Add(id);
        }
        // Room for one retry's estimate and a half.
        await SetBudgetAsync("analytics", 1.5m, BudgetAtLimit.Block);

        var outcomes = await Task.WhenAll(failed.Select((id, i) =>
            (i == 0 ? NodeA : NodeB).Services.GetRequiredService<ExecutionOperations>().RetryAsync(Diego, id)));

        Assert.Single(outcomes.OfType<OperationOutcome.Done>());
        Assert.Equal(OperationRefusal.BudgetExhausted, Assert.Single(outcomes.OfType<OperationOutcome.Refused>()).Why);
        Assert.Equal(1m, await ReservedAsync("analytics"));
    }
}
