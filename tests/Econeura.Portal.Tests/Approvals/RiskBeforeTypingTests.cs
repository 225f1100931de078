using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace Econeura.Portal.Tests.Approvals;

/// <summary>
/// An agent's risk and whether this person's runs of it need approval, on the catalog and the launch form before anything
/// is typed: a finance agent asks staff without the finance role for an approval, and finance staff for none.
/// </summary>
public sealed class RiskBeforeTypingTests(PortalFixture fixture) : PortalComponentTest(fixture, "ana", "es-ES")
{
    private static (string? Risk, string Needs) Note(IElement note) =>
        (note.GetAttribute("data-risk"), note.QuerySelector("[data-testid=run-needs-approvals]")!.TextContent.Trim());

    /// <summary>The page as <paramref name="persona"/> reads it (the closest signed-in user wins).</summary>
    private IRenderedComponent<CascadingValue<PortalUser>> RenderAs<TPage>(
        string persona, Action<ComponentParameterCollectionBuilder<TPage>>? parameters = null) where TPage : IComponent =>
        Render<CascadingValue<PortalUser>>(p => p.Add(c => c.Value, PortalFixture.User(persona)).AddChildContent(parameters ?? (_ => { })));

    [Fact]
    public void The_catalog_shows_each_agents_risk_and_whether_this_persons_runs_need_approval()
    {
        var ana = Render<AgentCatalogPage>();
        var carmen = RenderAs<AgentCatalogPage>("carmen");

        ana.WaitForAssertion(() => Assert.Equal(("Medium", "Tus ejecuciones necesitan al menos 1 aprobación"),
            Note(ana.Find("[data-testid=agent-neura-3] [data-testid=run-needs]"))));
        Assert.Equal(("Low", "Tus ejecuciones se lanzan sin aprobación, salvo que lo que escribas añada riesgo"),
            Note(ana.Find("[data-testid=agent-neura-1] [data-testid=run-needs]")));
        Assert.Equal(("High", "Tus ejecuciones necesitan al menos 2 aprobaciones"),
            Note(ana.Find("[data-testid=agent-ciso-access-recertification] [data-testid=run-needs]")));
        Assert.Equal("Riesgo medio", ana.Find("[data-testid=agent-neura-3] [data-testid=risk-level]").TextContent.Trim());
        carmen.WaitForAssertion(() => Assert.Equal("Low", carmen.Find("[data-testid=agent-neura-3] [data-testid=run-needs]").GetAttribute("data-risk")));
    }

    [Fact]
    public void The_launch_form_says_why_before_anything_is_typed_and_the_preview_of_the_text_then_takes_its_place()
    {
        var form = Render<LaunchForm>(p => p.Add(f => f.AgentId, "neura-3"));

        form.WaitForAssertion(() => Assert.Equal(("Medium", "Tus ejecuciones necesitan al menos 1 aprobación"),
            Note(form.Find("[data-testid=launch-run-needs] [data-testid=run-needs]"))));
        Assert.Empty(form.Find("textarea").GetAttribute("value") ?? "");
        Assert.Equal(["RequesterRole"], form.FindAll("[data-testid=run-needs-reason]").Select(r => r.GetAttribute("data-rule")));
        Assert.Contains("Finanzas", form.Find("[data-testid=run-needs-reason]").TextContent);

        form.Find("textarea").Input("Resume la posición de caja de la semana");

        form.WaitForAssertion(() => Assert.NotNull(form.Find("[data-testid=risk-preview]")));
        Assert.Empty(form.FindAll("[data-testid=launch-run-needs]"));
        Assert.Equal("Medium", form.Find("[data-testid=risk-preview] [data-testid=risk-level]").GetAttribute("data-risk"));
    }

    [Fact]
    public void Finance_staff_are_told_before_typing_that_their_runs_of_the_finance_agent_start_without_approval()
    {
        var form = RenderAs<LaunchForm>("carmen", p => p.Add(f => f.AgentId, "neura-3"));

        form.WaitForAssertion(() => Assert.Equal(("Low", "Tus ejecuciones se lanzan sin aprobación, salvo que lo que escribas añada riesgo"),
            Note(form.Find("[data-testid=launch-run-needs] [data-testid=run-needs]"))));
        Assert.Empty(form.FindAll("[data-testid=run-needs-reason]"));
    }
}
