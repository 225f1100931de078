using Econeura.Portal.Tests.Approvals;
using Bunit;
using Econeura.Portal.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Econeura.Portal.Tests.Components;

/// <summary>"¿Qué es esto?" where people meet DLP, risk and costs: a button that opens a short, true explanation.</summary>
public sealed class HelpDisclosureTests(PortalFixture fixture) : PortalComponentTest(fixture, "carmen", "es-ES")
{
    [Fact]
    public void The_help_is_a_button_that_shows_and_hides_its_text_and_says_whether_it_is_open()
    {
        var help = Render<HelpDisclosure>(p => p.Add(h => h.Id, "some-help").Add(h => h.Topic, "costes").Add(h => h.TestId, "some-help")
            .AddChildContent("<p>Cómo se calcula.</p>"));
        var button = help.Find("button[data-testid=some-help-toggle]");

        Assert.Equal("¿Qué es esto? (costes)", button.TextContent.Trim());
        Assert.Equal(("false", "some-help", "button"),
            (button.GetAttribute("aria-expanded"), button.GetAttribute("aria-controls"), button.GetAttribute("type")));
        Assert.True(help.Find("#some-help").HasAttribute("hidden"));

        button.Click();

        Assert.Equal("true", help.Find("button").GetAttribute("aria-expanded"));
        Assert.False(help.Find("#some-help").HasAttribute("hidden"));
        Assert.Equal("Cómo se calcula.", help.Find("#some-help").TextContent);
        help.Find("button").Click();
        Assert.True(help.Find("#some-help").HasAttribute("hidden"));
    }

    [Fact]
    public void The_finance_page_says_how_costs_and_the_forecast_are_computed()
    {
        var page = Render<FinanceDashboardPage>();

        page.WaitForAssertion(() => page.Find("[data-testid=finance-help-toggle]").Click());
        var text = page.Find("[data-testid=finance-help-body]").TextContent;
        Assert.Contains("el precio vigente el día de la llamada", text);
        Assert.Contains("lo gastado hasta ahora, dividido por los días transcurridos, por los días del mes", text);
    }

    [Fact]
    public void The_launch_preview_says_what_dlp_risk_and_approvals_do()
    {
        var form = Render<LaunchForm>(p => p.Add(f => f.AgentId, "neura-1"));
        form.WaitForElement("[data-testid=launch-agent-name]");

        form.Find("textarea").Input("Resume las ventas de marzo para ana@example.com");

        form.WaitForAssertion(() => form.Find("[data-testid=launch-help-toggle]").Click());
        var text = form.Find("[data-testid=launch-help-body]").TextContent;
        Assert.Contains("Protección de datos (DLP)", text);
        Assert.Contains("<EMAIL_1>", text);
        Assert.Contains("Riesgo (bajo, medio, alto)", text);
        Assert.Contains("Enviar a aprobación", text);
    }
}

/// <summary>The approval page's help, in English.</summary>
public sealed class ApprovalHelpTests(PortalFixture fixture) : PortalComponentTest(fixture, "bruno", "en-GB")
{
    [Fact]
    public async Task The_approval_page_explains_four_eyes_quorum_and_deadlines()
    {
        var launched = Assert.IsType<LaunchResult.Launched>(
            await Fixture.Services.GetRequiredService<ExecutionLauncher>().LaunchAsync(PortalFixture.User("ana"), "neura-8", "Revisa el contrato marco"));
        var approval = await Fixture.Services.GetRequiredService<ApprovalQueries>().CurrentRequestAsync(PortalFixture.User("ana").TenantId, launched.ExecutionId);
        Render<MudDialogProvider>();

        var page = Render<ApprovalDetailPage>(p => p.Add(x => x.Id, approval!.Id));

        page.WaitForAssertion(() =>
            Assert.Equal("What is this? (four-eyes, quorum and deadlines)", page.Find("[data-testid=approval-help-toggle]").TextContent.Trim()));
        page.Find("[data-testid=approval-help-toggle]").Click();
        var text = page.Find("[data-testid=approval-help-body]").TextContent;
        Assert.Contains("nobody decides on their own request", text);
        Assert.Contains("One rejection rejects it", text);
        Assert.Contains("it expires, which counts as rejected", text);
    }
}
