using Bunit;

namespace Econeura.Portal.Tests.Executions;

/// <summary>The launch button says what the launch will do with the input previewed, before anyone clicks it.</summary>
public sealed class LaunchButtonTests(PortalFixture fixture) : PortalComponentTest(fixture, "carmen", "es-ES")
{
    private static readonly PortalUser Carmen = PortalFixture.User("carmen");

    private IRenderedComponent<LaunchForm> Typed(string agentId, string input)
    {
        var form = Render<LaunchForm>(p => p.Add(f => f.AgentId, agentId));
        form.WaitForElement("[data-testid=launch-agent-name]");
        form.Find("textarea").Input(input);
        form.WaitForElement("[data-testid=risk-preview]");
        return form;
    }

    [Fact]
    public async Task Input_that_DLP_will_block_disables_the_button_with_the_reason_and_clean_input_launches()
    {
        var policies = Fixture.Service<AgentDlpPolicies>();
        var policy = await policies.GetAsync(Carmen.TenantId, "neura-3");
        policy.Overrides[EntityType.IBAN] = DlpAction.Block;
        Assert.True(await policies.SaveAsync(Carmen.TenantId, policy, PortalFixture.User("diego")));

        var form = Typed("neura-3", "Paga a ES9121000418450200051332 hoy");

        form.WaitForAssertion(() => Assert.True(form.Find("[data-testid=launch-button]").HasAttribute("disabled")));
        Assert.Contains("bloquea", form.Find("[data-testid=launch-blocked]").TextContent);

        form.Find("textarea").Input("Previsión de tesorería");
        form.WaitForAssertion(() => Assert.False(form.Find("[data-testid=launch-button]").HasAttribute("disabled")));
        Assert.Equal("Lanzar", form.Find("[data-testid=launch-button]").TextContent.Trim());
        Assert.Empty(form.FindAll("[data-testid=launch-blocked]"));
    }

    [Fact]
    public void A_launch_that_will_wait_for_approval_says_so_on_the_button()
    {
        var form = Typed("ciso-access-recertification", "Revisa los accesos del trimestre");

        form.WaitForAssertion(() => Assert.Equal("Enviar a aprobación", form.Find("[data-testid=launch-button]").TextContent.Trim()));
        Assert.False(form.Find("[data-testid=launch-button]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_launch_the_budget_will_refuse_is_disabled_with_the_budget_and_promises_no_approval()
    {
        await FinOps.TestBudgets.SetAsync(Fixture.Services, Carmen, "legal", 1m, BudgetAtLimit.Block);
        var today = await Fixture.Service<FinOpsSettingsStore>().TodayAsync(Carmen.TenantId);
        await using (var session = Fixture.Store.LightweightSession(Carmen.TenantId))
        {
            var spent = Guid.CreateVersion7();
            session.Events.StartStream(spent, new CostRecorded(spent, 1, "neura-8", "legal", Carmen.UserId, Carmen.DisplayName, "gpt-4o", 1000, 1000,
                2m, new DateOnly(2025, 1, 1), today, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        // neura-8 is rated medium: without the budget it would ask for an approval.
        var form = Typed("neura-8", "Revisa la cláusula 4 del contrato");

        form.WaitForAssertion(() => Assert.True(form.Find("[data-testid=launch-button]").HasAttribute("disabled")));
        Assert.Contains("agotado", form.Find("[data-testid=launch-blocked]").TextContent);
        Assert.Empty(form.FindAll("[data-testid=risk-approvals]"));
        Assert.Equal("Lanzar", form.Find("[data-testid=launch-button]").TextContent.Trim());
    }
}
