using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Econeura.Portal.Tests.Approvals;

/// <summary>What an approver is shown and allowed: the decision dialog, a request of their own, and the execution a request holds.</summary>
public sealed class DecisionComponentsTests(PortalFixture fixture) : PortalComponentTest(fixture, "bruno", "en-GB")
{
    [Fact]
    public async Task The_decision_dialog_does_not_reject_without_a_reason_and_returns_it_once_written()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        IDialogReference? dialog = null;
        await provider.InvokeAsync(async () => dialog = await dialogs.ShowAsync<DecisionDialog>(null, new DialogParameters<DecisionDialog>
        {
            { d => d.Verdict, ApprovalVerdict.Reject },
            { d => d.Summary, "Access recertification, requested by Ana" },
        }));

        await provider.Find("[data-testid=decision-confirm]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("Write why: the requester will read it.", provider.Markup));
        Assert.False(dialog!.Result.IsCompleted);

        provider.Find("textarea").Input("No change ticket");
        await provider.Find("[data-testid=decision-confirm]").ClickAsync(new());

        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((false, "No change ticket"), (result!.Canceled, result.Data as string));
    }

    [Fact]
    public async Task An_approver_looking_at_their_own_request_is_told_why_they_cannot_decide_it()
    {
        var approval = await Fixture.RequestApprovalAsync(PortalFixture.User("bruno"), "Revisa el contrato marco");
        Render<MudDialogProvider>();

        var page = Render<ApprovalDetailPage>(p => p.Add(x => x.Id, approval.Id));

        page.WaitForAssertion(() => Assert.Equal("Four-eyes: you cannot decide on your own request.", page.Find("[data-testid=cannot-decide]").TextContent.Trim()));
        Assert.True(page.Find("[data-testid=approve-button]").HasAttribute("disabled"));
        Assert.True(page.Find("[data-testid=reject-button]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task An_approver_sees_the_budgets_as_they_are_now_with_what_runs_under_way_hold()
    {
        var ana = PortalFixture.User("ana");
        var approval = await Fixture.RequestApprovalAsync(ana, "Revisa la cláusula de confidencialidad");
        var legal = Assert.Single((await Fixture.Services.GetRequiredService<BudgetStandings>().ForAsync(ana.TenantId, new BudgetedRun("legal", "neura-8", ana.UserId, ana.DisplayName))).Budgets, b => b.Scope == "legal");
        Render<MudDialogProvider>();

        var page = Render<ApprovalDetailPage>(p => p.Add(x => x.Id, approval.Id));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=budgets-now] li").Count));
        Assert.True(legal.ReservedEur >= approval.EstimatedCostEur && approval.EstimatedCostEur > 0);
        var line = page.Find("[data-testid=budget-now-legal]").TextContent;
        Assert.StartsWith("Legal:", line.Trim());
        Assert.Contains(Formatting.Euros(legal.ReservedEur) + " held for runs under way", line);
    }

    [Fact]
    public async Task A_request_shows_its_executions_steps_and_the_ending_a_decision_gives_them_without_a_reload()
    {
        var approval = await Fixture.RequestApprovalAsync(PortalFixture.User("ana"), "Revisa la cláusula de penalización");
        Render<MudDialogProvider>();
        var page = Render<ApprovalDetailPage>(p => p.Add(x => x.Id, approval.Id));
        page.WaitForAssertion(() => Assert.Equal(["Requested", "ApprovalRequired"], TimelineKinds(page)));

        var decided = await Fixture.Services.GetRequiredService<ApprovalDesk>().DecideAsync(
            PortalFixture.User("diego"), approval.Id, ApprovalVerdict.Reject, "No change ticket", expectedVersion: null, payloadHash: null);

        Assert.IsType<DecisionOutcome.Decided>(decided);
        page.WaitForAssertion(() => Assert.Equal(["Requested", "ApprovalRequired", "Rejected"], TimelineKinds(page)));
    }

    private static string[] TimelineKinds(IRenderedComponent<ApprovalDetailPage> page) =>
        [.. page.FindAll("[data-testid=timeline-entry]").Select(entry => entry.GetAttribute("data-kind") ?? "")];
}
