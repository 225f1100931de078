using Bunit;
using Econeura.Portal.Components;
using Econeura.Portal.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Econeura.Portal.Tests.Settings;

/// <summary>An admin's history says what changed in the words of the form, and the risk dry run tries the edits not yet saved.</summary>
public sealed class SettingsHistoryWordingTests(PortalFixture fixture) : PortalComponentTest(fixture, "diego", "es-ES")
{
    private static readonly PortalUser Diego = PortalFixture.User("diego");

    [Fact]
    public async Task The_first_change_of_the_risk_policy_lists_only_the_field_changed_labelled_and_valued_as_on_the_form()
    {
        var policies = Fixture.Service<RiskPolicies>();
        var settings = await policies.GetAsync(Diego.TenantId);
        settings.Policy = settings.Policy with { Low = settings.Policy.Low with { ExpireAfter = TimeSpan.FromDays(2) } };
        Assert.True(await policies.SaveAsync(Diego.TenantId, settings, Diego));

        var page = Render<RiskPolicyPage>();

        page.WaitForAssertion(() => Assert.Equal(["Riesgo bajo · Caducar tras: 1 día → 2 días"],
            page.FindAll("[data-testid=settings-field]").Select(f => f.TextContent.Trim())));
    }

    [Fact]
    public async Task A_budgets_change_reads_as_the_form_shows_its_policy_and_thresholds()
    {
        var store = Fixture.Service<FinOpsSettingsStore>();
        var budget = await store.BudgetAsync(Diego.TenantId, "legal");
        budget.AtLimit = BudgetAtLimit.RequireApproval;
        budget.ThresholdsPercent = [50, 90, 100];
        Assert.True(await store.SaveBudgetAsync(Diego.TenantId, budget, Diego));
        var l = Services.GetRequiredService<IStringLocalizer<Strings>>();
        var changes = await store.BudgetHistoryAsync(Diego.TenantId, "legal");

        var history = Render<SettingsHistory>(p => p
            .Add(h => h.Changes, changes)
            .Add(h => h.Wording, BudgetText.History(l)));

        Assert.Equal(
            ["Al 100 %: Bloquear nuevas ejecuciones → Enviarlas a aprobación", "Umbrales de aviso (%): 50 % · 80 % · 100 % → 50 % · 90 % · 100 %"],
            history.FindAll("[data-testid=settings-field]").Select(f => f.TextContent.Trim()));
    }

    [Fact]
    public async Task An_agents_change_lists_the_fields_changed_once_each_labelled_and_valued_as_on_its_form()
    {
        var agent = (await Fixture.Service<AgentCatalog>().FindAsync(Diego.TenantId, "cfo-variance"))!;
        var form = AgentForm.From(agent);
        form.Name = "Variance review";
        form.Risk = RiskLevel.Medium;
        form.Enabled = false;
        form.SimulatorPreset = SimulatorPreset.Slow;
        Assert.IsType<AgentSave.Saved>(await Fixture.Service<AgentAdministration>().SaveAsync(Diego, form.ToAgent()));

        var page = Render<AgentAdminEditPage>(p => p.Add(x => x.AgentId, "cfo-variance"));

        // The English wording is the name itself, stored twice and said once; a preset never set was the form's "Normal".
        page.WaitForAssertion(() => Assert.Equal(
            ["Activado: se puede lanzar: Sí → No", $"Nombre en inglés: {agent.Name} → Variance review", "Riesgo: Riesgo bajo → Riesgo medio",
                "Comportamiento: Normal → Lento (8 s)"],
            page.FindAll("[data-testid=settings-field]").Select(f => f.TextContent.Trim())));
    }

    [Fact]
    public async Task Removing_one_alert_channel_reads_as_that_channel_gone_in_the_words_of_the_form()
    {
        var channels = Fixture.Service<AlertChannels>();
        var saved = Assert.IsType<AlertChannelsSave.Saved>(await channels.SaveAsync(Diego,
            [new AlertChannel(Guid.Empty, "Teams finanzas", "http://127.0.0.1:9/teams"), new AlertChannel(Guid.Empty, "Slack", "http://127.0.0.1:9/slack")],
            0));
        Assert.IsType<AlertChannelsSave.Saved>(await channels.SaveAsync(Diego, [saved.Settings.Channels[1]], saved.Settings.Version));
        var l = Services.GetRequiredService<IStringLocalizer<Strings>>();
        var changes = await channels.HistoryAsync(Diego.TenantId);

        var history = Render<SettingsHistory>(p => p
            .Add(h => h.Changes, changes)
            .Add(h => h.Wording, AlertChannels.History(l)));

        // Newest first: the removal is the first channel's two fields, not the second one renamed into its place; ids are not on the form.
        var versions = history.FindAll("[data-testid=settings-change]");
        Assert.Equal(["Nombre: Teams finanzas → —", "URL del webhook: http://127.0.0.1:9/teams → —"],
            versions[0].QuerySelectorAll("[data-testid=settings-field]").Select(f => f.TextContent.Trim()));
        Assert.Equal(4, versions[1].QuerySelectorAll("[data-testid=settings-field]").Length);
    }

    [Fact]
    public void The_dry_run_is_ready_as_soon_as_an_input_is_typed_and_tries_the_policy_as_edited()
    {
        var page = Render<RiskPolicyPage>();
        page.WaitForElement("[data-testid=risk-dry-run-button]");
        page.InvokeAsync(() => page.FindComponents<MudSelect<string>>()[^1].Instance.ValueChanged.InvokeAsync("neura-1"));

        page.Find("textarea").Input("Resume las ventas del trimestre");

        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=risk-dry-run-button]").HasAttribute("disabled")));
        // Low risk asks for no approval as saved; the edit, not saved, asks for one.
        page.InvokeAsync(() => page.FindComponents<MudNumericField<int>>()[0].Instance.ValueChanged.InvokeAsync(1));
        page.Find("[data-testid=risk-dry-run-button]").Click();
        page.WaitForAssertion(() => Assert.Equal("necesita 1 aprobación",
            page.Find("[data-testid=risk-dry-run-result] [data-testid=risk-approvals]").TextContent.Trim()));
    }
}
