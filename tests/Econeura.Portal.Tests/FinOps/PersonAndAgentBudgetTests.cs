using Econeura.Portal.Tests.Approvals;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>A portal whose simulated calls last long enough that a burst of launches is still under way, holding its reservations, when it ends.</summary>
public sealed class SlowCallsFixture : PortalFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Agents:Simulator:LatencyMs"] = "4000",
        ["Dispatch:PerTenantInFlight"] = "0",
    };
}

/// <summary>
/// A person's and an agent's monthly budget count on every path a run takes: the launch (portal, API and gateway share
/// one launcher) reserves against them under the same locks as the company's and the department's, screening refuses
/// or holds by their policy, the dispatch checks them again, and crossings raise alerts. Each test uses its own people
/// and agents, so they do not meet in the class's database.
/// </summary>
public sealed class PersonAndAgentBudgetTests(SlowCallsFixture fixture) : IClassFixture<SlowCallsFixture>
{
    private static readonly PortalUser Diego = PortalFixture.User("diego");

    private Task SetBudgetAsync(PortalUser finance, string scope, decimal limit, BudgetAtLimit atLimit, string? ownerName = null, List<int>? thresholds = null) =>
        TestBudgets.SetAsync(fixture.Services, finance, scope, limit, atLimit, ownerName, thresholds);

    private async Task<ExecutionView> ViewAsync(string tenantId, Guid id)
    {
        await using var session = fixture.Store.QuerySession(tenantId);
        return (await session.LoadAsync<ExecutionView>(id))!;
    }

    private Task<decimal> ReservedAsync(string tenantId, string scope) => TestBudgets.ReservedAsync(fixture.Database.ConnectionString, tenantId, scope);

    private static string Localised(string culture, Func<IStringLocalizer<Strings>, string> text)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return text(new StringLocalizer<Strings>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public async Task A_person_budget_that_blocks_refuses_that_persons_launches_on_every_path_and_not_a_colleagues()
    {
        var ana = PortalFixture.User("ana");
        await SetBudgetAsync(Diego, BudgetScope.Person(ana.UserId), 0.0001m, BudgetAtLimit.Block, "Ana García");

        var refused = await fixture.Service<ExecutionLauncher>().LaunchAsync(ana, "neura-1", "Resume el informe trimestral");
        var client = await fixture.Portal.ClientForAsync("ana");
        var api = await client.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = "Resume el informe trimestral" });
        using var invoke = new HttpRequestMessage(HttpMethod.Post, "/api/invoke/neura-1")
        {
            Content = JsonContent.Create(new { input = "Resume el informe" }),
            Headers = { { "X-Route", "webhook" }, { "X-Correlation-Id", "person-budget-1" } },
        };
        var gateway = await client.SendAsync(invoke);
        var colleague = await fixture.Service<ExecutionLauncher>().LaunchAsync(Diego, "neura-1", "Resume el informe trimestral");

        var rejected = Assert.IsType<LaunchResult.Rejected>(refused);
        Assert.Equal([LaunchError.BudgetExhausted], rejected.Errors);
        Assert.Equal((BudgetScope.Person(ana.UserId), "Ana García"), (rejected.Budget?.Scope, rejected.Budget?.OwnerName));
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("Ana García's budget", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, gateway.StatusCode);
        Assert.Contains("Ana García's budget", (await gateway.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.IsType<LaunchResult.Launched>(colleague);
        Assert.Equal("El presupuesto de Ana García de este mes está agotado y no admite nuevas ejecuciones. Pide a Finanzas que lo amplíe.",
            Localised("es-ES", l => l["LaunchError_BudgetExhaustedWithoutFigures", BudgetText.Name(l, rejected.Budget!.Scope, rejected.Budget.OwnerName)]));
    }

    [Fact]
    public async Task An_agent_budget_that_blocks_refuses_everyones_launches_of_that_agent_and_not_of_another()
    {
        var bruno = PortalFixture.User("bruno");
        await SetBudgetAsync(Diego, BudgetScope.Agent("neura-3"), 0.0001m, BudgetAtLimit.Block);

        var launcher = fixture.Service<ExecutionLauncher>();
        var byBruno = await launcher.LaunchAsync(bruno, "neura-3", "Prepara la nómina de marzo");
        var byDiego = await launcher.LaunchAsync(Diego, "neura-3", "Prepara la nómina de marzo");
        var otherAgent = await launcher.LaunchAsync(Diego, "neura-4", "Revisa el contrato de alquiler");

        Assert.All(new[] { byBruno, byDiego }, result =>
            Assert.Equal(BudgetScope.Agent("neura-3"), Assert.IsType<LaunchResult.Rejected>(result).Budget?.Scope));
        Assert.IsType<LaunchResult.Launched>(otherAgent);
        Assert.Equal("the budget of the 'neura-3' agent", Localised("en-GB", l => $"the budget of {BudgetText.Name(l, BudgetScope.Agent("neura-3"))}"));
    }

    [Fact]
    public async Task Twenty_launches_at_once_by_one_person_take_exactly_the_room_their_budget_has_and_no_more()
    {
        const string input = "Responde al cliente sobre el estado de su pedido";
        var carmen = PortalFixture.User("carmen");
        var agent = (await fixture.Service<AgentCatalog>().FindAsync(carmen.TenantId, "neura-11"))!;
        var estimate = (await fixture.Service<LaunchScreening>().ScreenAsync(carmen, agent, input)).EstimatedCostEur;
        Assert.True(estimate > 0);
        // Room for five runs and half of a sixth.
        await SetBudgetAsync(Diego, BudgetScope.Person(carmen.UserId), estimate * 5.5m, BudgetAtLimit.Block, "Carmen López");

        var launches = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => fixture.Service<ExecutionLauncher>().LaunchAsync(carmen, "neura-11", input))));

        Assert.Equal(5, launches.Count(l => l is LaunchResult.Launched));
        Assert.All(launches.OfType<LaunchResult.Rejected>(), rejected => Assert.Equal(BudgetScope.Person(carmen.UserId), rejected.Budget?.Scope));
        Assert.Equal(estimate * 5, await ReservedAsync(carmen.TenantId, BudgetScope.Person(carmen.UserId)));
    }

    [Fact]
    public async Task A_person_budget_that_asks_for_approval_holds_the_request_and_an_approved_run_whose_budget_then_blocks_sends_nothing()
    {
        var olga = PortalFixture.User("olga");
        var scope = BudgetScope.Person(olga.UserId);
        await SetBudgetAsync(Diego, scope, 0.0001m, BudgetAtLimit.RequireApproval, "Olga Prieto");

        var launched = Assert.IsType<LaunchResult.Launched>(await fixture.Service<ExecutionLauncher>().LaunchAsync(olga, "neura-7", "Plan de guardias"));

        var held = await ViewAsync(olga.TenantId, launched.ExecutionId);
        Assert.Equal(ExecutionStatus.AwaitingApproval, held.Status);
        Assert.Contains(held.RiskReasons, r => r is { Rule: RiskRule.BudgetLeft, Level: RiskLevel.High } && r.Subject == scope && r.SubjectName == "Olga Prieto");

        // Finance makes the budget a hard stop while the request waits; the approvers then say yes.
        var settings = fixture.Service<FinOpsSettingsStore>();
        var budget = await settings.BudgetAsync(Diego.TenantId, scope);
        budget.AtLimit = BudgetAtLimit.Block;
        Assert.True(await settings.SaveBudgetAsync(Diego.TenantId, budget, Diego));
        var desk = fixture.Service<ApprovalDesk>();
        var approval = (await fixture.Service<ApprovalQueries>().CurrentRequestAsync(olga.TenantId, launched.ExecutionId))!;
        foreach (var approver in new[] { PortalFixture.User("bruno"), Diego })
        {
            var decided = Assert.IsType<DecisionOutcome.Decided>(await desk.DecideAsync(approver, approval.Id, ApprovalVerdict.Approve, "De acuerdo", approval.Version, approval.PayloadHash));
            approval = decided.Approval;
        }

        var failed = await Eventually.Until(() => ViewAsync(olga.TenantId, launched.ExecutionId), view => view.Status == ExecutionStatus.Failed, "the approved run to be stopped");
        Assert.Equal((FailureCause.BudgetExhausted, scope), (failed.FailureCause, failed.BudgetScope));
        Assert.Null(failed.Output);
        Assert.Contains("Olga Prieto's budget had no room left", failed.FailureReason);
        Assert.StartsWith("El presupuesto de Olga Prieto ya no tenía margen", Localised("es-ES", l => ExecutionText.Failure(l, failed)));
        Assert.Equal(0m, await ReservedAsync(olga.TenantId, scope));
    }

    [Fact]
    public async Task A_person_budget_crossing_its_thresholds_raises_each_alert_once()
    {
        var elena = PortalFixture.User("elena");
        var fabio = PortalFixture.User("fabio");
        var scope = BudgetScope.Person(elena.UserId);
        await SetBudgetAsync(fabio, scope, 0.0001m, BudgetAtLimit.Block, "Elena Ruiz", [50, 100]);
        // Accepted while there was room; one priced call then crosses both thresholds.
        var id = await fixture.RequestWithoutJobAsync(elena, "neura-6", "cmo");

        await fixture.Service<DispatchExecutionJob>().DispatchAsync(elena.TenantId, id, null, "job-1", CancellationToken.None);
        await fixture.Service<CheckBudgetsJob>().RunAsync(CancellationToken.None);

        var zone = await fixture.Service<FinOpsSettingsStore>().TimeZoneAsync(elena.TenantId);
        await using var session = fixture.Store.QuerySession(elena.TenantId);
        var stream = await session.Events.FetchStreamAsync(BudgetMonitor.StreamId(elena.TenantId, scope, BudgetCalendar.MonthOf(DateTimeOffset.UtcNow, zone)));
        var crossings = stream.Select(e => e.Data).OfType<BudgetThresholdCrossed>().ToList();
        Assert.Equal([50, 100], crossings.Select(c => c.ThresholdPercent).Order());
        Assert.All(crossings, c => Assert.Equal(scope, c.Scope));
        var status = Assert.Single(await fixture.Service<BudgetReport>().StatusAsync(elena.TenantId), b => b.Scope == scope);
        Assert.Equal(("Elena Ruiz", (await ViewAsync(elena.TenantId, id)).CostEur), (status.OwnerName, (decimal?)status.SpentEur));
        // The alerts page names her as finance did, not by her user id.
        var lines = (await fixture.Service<BudgetAlertsInbox>().LatestAsync(elena.TenantId)).Where(l => l.Scope == scope).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, line => Assert.Equal("Elena Ruiz", line.OwnerName));
    }

    [Fact]
    public async Task Finance_sets_and_removes_person_and_agent_budgets_through_the_api_with_problem_details_and_another_tenant_never_sees_them()
    {
        var diego = await fixture.Portal.ClientForAsync("diego");
        var fabio = await fixture.Portal.ClientForAsync("fabio");
        var nadia = BudgetScope.Person("dev-nadia");
        var body = new { limitEur = 40, thresholdsPercent = new[] { 90, 50 }, atLimit = "block", version = 0, ownerName = "Nadia Serrano" };

        var created = await diego.PutAsJsonAsync($"/api/v1/budgets/{nadia}", body);
        var stale = await diego.PutAsJsonAsync($"/api/v1/budgets/{nadia}", body);
        var agent = await diego.PutAsJsonAsync("/api/v1/budgets/agent:neura-9", new { limitEur = 10, thresholdsPercent = new[] { 80 }, atLimit = "requireApproval", version = 0 });
        var unknownAgent = await diego.PutAsJsonAsync("/api/v1/budgets/agent:no-such-agent", new { limitEur = 10, thresholdsPercent = new[] { 80 }, atLimit = "block", version = 0 });
        var badPerson = await diego.PutAsJsonAsync("/api/v1/budgets/person:a%20b", body);
        var nameOnAgent = await diego.PutAsJsonAsync("/api/v1/budgets/agent:neura-9", new { limitEur = 10, thresholdsPercent = new[] { 80 }, atLimit = "block", version = 1, ownerName = "X" });
        var listed = await diego.GetFromJsonAsync<JsonElement>("/api/v1/budgets");
        var otherTenant = await fabio.GetFromJsonAsync<JsonElement>("/api/v1/budgets");
        var otherTenantRemoves = await fabio.DeleteAsync($"/api/v1/budgets/{nadia}?version=1");
        var withoutVersion = await diego.DeleteAsync($"/api/v1/budgets/{nadia}");
        var company = await diego.DeleteAsync("/api/v1/budgets/tenant?version=1");
        var staleRemoval = await diego.DeleteAsync($"/api/v1/budgets/{nadia}?version=7");
        var removed = await diego.DeleteAsync($"/api/v1/budgets/{nadia}?version=1");
        var removedAgain = await diego.DeleteAsync($"/api/v1/budgets/{nadia}?version=1");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var saved = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((nadia, "Nadia Serrano", 1L), (saved.GetProperty("scope").GetString(), saved.GetProperty("ownerName").GetString(), saved.GetProperty("version").GetInt64()));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, agent.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownAgent.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, badPerson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nameOnAgent.StatusCode);
        Assert.True((await nameOnAgent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("ownerName", out _));
        var scopes = listed.EnumerateArray().Select(b => b.GetProperty("scope").GetString()).ToList();
        Assert.Contains(nadia, scopes);
        Assert.Contains("agent:neura-9", scopes);
        Assert.DoesNotContain(otherTenant.EnumerateArray(), b => b.GetProperty("scope").GetString() is { } scope && (scope == nadia || scope == "agent:neura-9"));
        Assert.Equal(HttpStatusCode.NotFound, otherTenantRemoves.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutVersion.StatusCode);
        Assert.True((await withoutVersion.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("version", out _));
        Assert.Equal(HttpStatusCode.BadRequest, company.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, staleRemoval.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removedAgain.StatusCode);
        Assert.DoesNotContain((await diego.GetFromJsonAsync<JsonElement>("/api/v1/budgets")).EnumerateArray(), b => b.GetProperty("scope").GetString() == nadia);
        Assert.Equal("application/problem+json", removedAgain.Content.Headers.ContentType?.MediaType);
    }
}
