using Bunit;
using MudBlazor;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>Finance gives a person or an agent a budget on the budgets page, edits it and removes it, in Spanish.</summary>
public sealed class BudgetsPageTests(PortalFixture fixture) : PortalComponentTest(fixture, "carmen", "es-ES")
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");

    /// <summary>Waits for the field: it appears on the render that follows a pick, which may come after the test's next step.</summary>
    private static AngleSharp.Dom.IElement Field(IRenderedComponent<BudgetsPage> page, string testId) =>
        page.WaitForElement($"input[data-testid={testId}], [data-testid={testId}] input");

    [Fact]
    public async Task A_person_who_has_spent_is_picked_by_name_given_a_budget_and_removed_after_confirming()
    {
        // Ana has spent this month, so she is among the people to pick from.
        var id = await Fixture.RequestWithoutJobAsync(Ana, "neura-1", "analytics");
        await Fixture.Service<DispatchExecutionJob>().DispatchAsync(Ana.TenantId, id, null, "job-1", CancellationToken.None);
        var provider = Render<MudDialogProvider>();
        var page = Render<BudgetsPage>();
        var row = $"[data-testid='budget-row-{BudgetScope.Person(Ana.UserId)}']";

        page.WaitForElement("[data-testid=budget-person-pick]").Change(Ana.UserId);
        page.Find("[data-testid=budget-add-person]").Click();
        page.WaitForAssertion(() => Assert.Equal("Presupuesto de Ana García", page.Find("[data-testid=budget-form] h2").TextContent.Trim()));
        Assert.NotNull(page.Find("[data-testid=budget-new]"));
        Field(page, "budget-limit").Change("25");
        page.Find("[data-testid=budget-save]").Click();

        page.WaitForAssertion(() => Assert.Contains("Ana García", page.Find(row).TextContent));
        var saved = (await Fixture.Service<FinOpsSettingsStore>().AppliedBudgetAsync(Ana.TenantId, BudgetScope.Person(Ana.UserId)))!;
        Assert.Equal((25m, "Ana García", 1L), (saved.LimitEur, saved.OwnerName, saved.Version));

        page.Find("[data-testid=budget-remove]").Click();
        provider.WaitForElements(".mud-dialog button").Single(b => b.TextContent.Trim() == "Quitar presupuesto").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(row)));
        Assert.Null(await Fixture.Service<FinOpsSettingsStore>().AppliedBudgetAsync(Ana.TenantId, BudgetScope.Person(Ana.UserId)));
    }

    [Fact]
    public void Someone_given_by_an_id_that_cannot_be_one_is_told_why_and_an_agent_from_the_catalog_is_named_by_its_id()
    {
        var page = Render<BudgetsPage>();

        page.WaitForElement("[data-testid=budget-person-pick]").Change("");
        Field(page, "budget-person-id").Change("ana garcía");
        page.Find("[data-testid=budget-add-person]").Click();
        page.WaitForAssertion(() => Assert.Contains("Solo letras, dígitos y . _ @ + -, como mucho 128 caracteres.", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=budget-form]"));

        page.Find("[data-testid=budget-agent-pick]").Change("neura-3");
        page.Find("[data-testid=budget-add-agent]").Click();
        page.WaitForAssertion(() => Assert.Equal("Presupuesto de «neura-3» (agente)", page.Find("[data-testid=budget-form] h2").TextContent.Trim()));
    }
}
