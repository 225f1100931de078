using Bunit;
using Econeura.Portal.Features.Home;
using Econeura.Portal.Tests.FinOps;

namespace Econeura.Portal.Tests.Home;

/// <summary>A user's home: their own runs (newest first, live), what failed for them, and the budgets they spend from in words.</summary>
public sealed class HomePageForAUserTests(PortalFixture fixture) : PortalComponentTest(fixture, "ana", "es-ES")
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");

    [Fact]
    public async Task A_user_sees_their_runs_live_what_failed_for_them_and_how_their_departments_budget_stands_without_its_figures()
    {
        var completed = await HomeSteps.CompletedAsync(Fixture, Ana, "neura-1");
        var failed = await Fixture.FailedExecutionAsync(Ana, "neura-8", "legal");
        var colleagues = await Fixture.FailedExecutionAsync(PortalFixture.User("bruno"), "neura-1", "analytics");

        var page = Render<HomePage>();

        page.WaitForAssertion(() =>
        {
            Assert.Equal([failed.ToString(), completed.Id.ToString()], HomeSteps.Listed(page.Find("[data-testid=home-runs]"), "data-execution"));
            var failure = Assert.Single(page.FindAll("[data-testid=home-failures] li"));
            Assert.Equal(failed.ToString(), failure.GetAttribute("data-execution"));
            Assert.Equal("El agente no dio respuesta en 3 intentos.", failure.QuerySelector("[data-testid=home-execution-failure]")!.TextContent);
            Assert.Equal($"Has gastado {Formatting.Euros(completed.CostEur!.Value)} este mes.", page.Find("[data-testid=home-spend-summary]").TextContent);
        });
        Assert.DoesNotContain(colleagues.ToString(), page.Markup);
        var budget = page.Find("[data-testid=home-budget-analytics]");
        Assert.Equal(("Within", "Presupuesto de Analítica: queda margen"), (budget.GetAttribute("data-state"), budget.TextContent.Trim()));
        Assert.DoesNotContain("€", page.Find("[data-testid=home-spend] ul").TextContent);
        Assert.Empty(page.FindAll("[data-testid=home-approvals]"));
        Assert.Empty(page.FindAll("[data-testid=home-attention]"));
        Assert.Equal(["/executions", "/executions?status=Failed", "/executions?sort=cost"],
            page.FindAll("[data-testid$=-more]").Select(link => link.GetAttribute("href")));

        // Launched after the page rendered: the run and, once it costs something, the spend arrive live.
        var later = await HomeSteps.CompletedAsync(Fixture, Ana, "neura-6");

        page.WaitForAssertion(() =>
        {
            Assert.Equal(later.Id.ToString(), HomeSteps.Listed(page.Find("[data-testid=home-runs]"), "data-execution")[0]);
            Assert.Equal($"Has gastado {Formatting.Euros(completed.CostEur!.Value + later.CostEur!.Value)} este mes.",
                page.Find("[data-testid=home-spend-summary]").TextContent);
        });
    }
}

/// <summary>An approver's home: what they can decide, oldest first, never their own request, live.</summary>
public sealed class HomePageForAnApproverTests(PortalFixture fixture) : PortalComponentTest(fixture, "bruno", "es-ES")
{
    [Fact]
    public async Task An_approver_sees_the_requests_waiting_for_them_oldest_first_and_not_their_own()
    {
        var ana = PortalFixture.User("ana");
        var oldest = await HomeSteps.WaitingForApprovalAsync(Fixture, ana, "ciso-access-recertification");
        var own = await HomeSteps.WaitingForApprovalAsync(Fixture, PortalFixture.User("bruno"), "neura-8", "Revisa el contrato marco");
        var newer = await HomeSteps.WaitingForApprovalAsync(Fixture, ana, "neura-8", "Revisa la cláusula de confidencialidad");

        var page = Render<HomePage>();

        page.WaitForAssertion(() =>
            Assert.Equal([oldest.ToString(), newer.ToString()], HomeSteps.Listed(page.Find("[data-testid=home-approvals]"), "data-approval-id")));
        Assert.DoesNotContain(own.ToString(), page.Find("[data-testid=home-approvals]").InnerHtml);
        Assert.Equal("2 esperando, la más antigua primero.", page.Find("[data-testid=home-approvals-summary]").TextContent);
        Assert.Equal($"/approvals/{oldest}", page.Find("[data-testid=home-approval-link]").GetAttribute("href"));
        Assert.Equal("/approvals", page.Find("[data-testid=home-approvals-more]").GetAttribute("href"));

        // A request made after the page rendered joins the end of the list without a reload.
        var latest = await HomeSteps.WaitingForApprovalAsync(Fixture, PortalFixture.User("carmen"), "cfo-treasury", "Previsión de pagos");

        page.WaitForAssertion(() => Assert.Equal([oldest.ToString(), newer.ToString(), latest.ToString()],
            HomeSteps.Listed(page.Find("[data-testid=home-approvals]"), "data-approval-id")));
    }

    [Fact]
    public void The_app_bar_counter_says_in_words_what_it_counts()
    {
        var badge = Render<PendingApprovalsBadge>();

        // Its name, for a screen reader as for the eye, is its text: no aria-label that says something else. Read in one
        // render: other tests' requests change the count live between two reads.
        badge.WaitForAssertion(() =>
        {
            var counter = badge.Find("[data-testid=pending-badge]");
            var count = counter.GetAttribute("data-count");
            Assert.Equal($"{count} por aprobar", string.Join(' ', counter.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
            Assert.False(counter.HasAttribute("aria-label"));
            Assert.Equal($"{count} solicitudes de aprobación te esperan", counter.GetAttribute("title"));
        });
    }
}

/// <summary>Finance's home: the company's and every department's budget this month, each with the day it runs out at this pace.</summary>
public sealed class HomePageForFinanceTests(PortalFixture fixture) : PortalComponentTest(fixture, "carmen", "es-ES")
{
    [Fact]
    public async Task Finance_sees_every_departments_budget_and_the_companys_with_the_day_each_reaches_its_limit()
    {
        var ana = PortalFixture.User("ana");
        var analytics = await HomeSteps.CompletedAsync(Fixture, ana, "neura-1");
        var marketing = await HomeSteps.CompletedAsync(Fixture, ana, "neura-6");
        var finance = PortalFixture.User("diego");
        // Spent already; and a limit a hair above what is spent, which this month's pace reaches today.
        await TestBudgets.SetAsync(Fixture.Services, finance, "analytics", analytics.CostEur!.Value, BudgetAtLimit.Block);
        await TestBudgets.SetAsync(Fixture.Services, finance, "cmo", marketing.CostEur!.Value * 1.0001m, BudgetAtLimit.Block);
        var today = await Fixture.Service<FinOpsSettingsStore>().TodayAsync(ana.TenantId);

        var page = Render<HomePage>();

        page.WaitForAssertion(() => Assert.Equal(Econeura.Domain.Agents.Departments.All.Count + 1,
            page.FindAll("[data-testid=home-spend] [data-testid^=budget-]").Count(b => b.HasAttribute("data-share"))));
        AngleSharp.Dom.IElement Outlook(string scope) => page.Find($"[data-testid=home-spend] [data-testid=budget-{scope}] [data-testid=budget-outlook]");
        Assert.Equal(nameof(LimitOutlook.Reached), Outlook("analytics").GetAttribute("data-outlook"));
        Assert.Equal(nameof(LimitOutlook.WillReach), Outlook("cmo").GetAttribute("data-outlook"));
        Assert.Contains(today.ToString("M", new System.Globalization.CultureInfo("es-ES")), Outlook("cmo").TextContent);
        Assert.Equal(nameof(LimitOutlook.WillNotReach), Outlook("legal").GetAttribute("data-outlook"));
        Assert.Equal(nameof(LimitOutlook.WillNotReach), Outlook(BudgetRule.TenantScope).GetAttribute("data-outlook"));
        Assert.Empty(page.FindAll("[data-testid^=budget-person]"));
        Assert.Equal("/finance", page.Find("[data-testid=home-spend-more]").GetAttribute("href"));
    }
}

/// <summary>An admin's home: the organisation's failed and stuck runs, whoever asked for them.</summary>
public sealed class HomePageForAnAdminTests(PortalFixture fixture) : PortalComponentTest(fixture, "diego", "es-ES")
{
    [Fact]
    public async Task An_admin_sees_the_tenants_stuck_and_failed_runs_live_and_the_way_to_the_attention_page()
    {
        var ana = PortalFixture.User("ana");
        var failed = await Fixture.FailedExecutionAsync(ana);
        var stalled = await Fixture.RequestWithoutJobAsync(ana, "neura-1", "analytics", DateTimeOffset.UtcNow.AddMinutes(-10));
        var otherTenants = await Fixture.FailedExecutionAsync(PortalFixture.User("elena"), "neura-6", "cmo");

        var page = Render<HomePage>();

        page.WaitForAssertion(() =>
            Assert.Equal([stalled.ToString(), failed.ToString()], HomeSteps.Listed(page.Find("[data-testid=home-attention]"), "data-execution")));
        Assert.Equal("1 fallidas en los últimos 30 días · 1 atascadas.", page.Find("[data-testid=home-attention-summary]").TextContent);
        Assert.Contains("Ana García", page.Find($"[data-testid=home-attention] li[data-execution='{failed}']").TextContent);
        Assert.DoesNotContain(otherTenants.ToString(), page.Markup);
        Assert.Equal("/admin/executions", page.Find("[data-testid=home-attention-more]").GetAttribute("href"));
        // The admin's own lists are their own, not the tenant's they may read elsewhere.
        Assert.Empty(HomeSteps.Listed(page.Find("[data-testid=home-runs]"), "data-execution"));

        var another = await Fixture.FailedExecutionAsync(ana, "neura-6", "cmo");

        page.WaitForAssertion(() => Assert.Equal([stalled.ToString(), another.ToString(), failed.ToString()],
            HomeSteps.Listed(page.Find("[data-testid=home-attention]"), "data-execution")));
    }
}
