using Bunit;
using System.Globalization;
using Econeura.Portal.Tests.FinOps;
using Econeura.Portal.Tests.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Approvals;

/// <summary>
/// An approved request whose turn comes after what its approval rested on changed goes back to people instead of out:
/// the timeline says why, the requester and whoever approved it are mailed what changed, and approving it again runs it.
/// </summary>
public sealed class ResumeCheckTests(NotificationFixture fixture) : IClassFixture<NotificationFixture>
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly PortalUser Bruno = PortalFixture.User("bruno");
    private static readonly PortalUser Diego = PortalFixture.User("diego");

    private async Task<ExecutionView> ExecutionAsync(Guid id)
    {
        await using var session = fixture.Store.QuerySession(Ana.TenantId);
        return (await session.LoadAsync<ExecutionView>(id))!;
    }

    private async Task<ApprovalView> ApprovalAsync(Guid id)
    {
        await using var session = fixture.Store.QuerySession(Ana.TenantId);
        return (await session.LoadAsync<ApprovalView>(id))!;
    }

    private async Task<IReadOnlyList<object>> EventsAsync(Guid id)
    {
        await using var session = fixture.Store.QuerySession(Ana.TenantId);
        return (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
    }

    private Task<ExecutionView> SentBackAsync(ApprovalView first) => Eventually.Until(() => ExecutionAsync(first.ExecutionId),
        view => view.ApprovalId != first.Id || view.Status is not (ExecutionStatus.AwaitingApproval or ExecutionStatus.Requested),
        "the approved request's turn to come");

    private async Task<ExecutionView> ApproveAndRunAsync(Guid approvalId, params PortalUser[] approvers)
    {
        var request = await ApprovalAsync(approvalId);
        foreach (var approver in approvers)
        {
            request = await ApprovalAsync(approvalId);
            Assert.IsType<DecisionOutcome.Decided>(await fixture.Service<ApprovalDesk>()
                .DecideAsync(approver, request.Id, ApprovalVerdict.Approve, null, request.Version, request.PayloadHash));
        }
        return await Eventually.Until(() => ExecutionAsync(request.ExecutionId), view => view.Status == ExecutionStatus.Completed, "the run to complete");
    }

    [Fact]
    public async Task A_request_approved_after_its_approval_budget_ran_out_goes_back_for_approval_and_the_requester_and_approver_are_told()
    {
        await TestBudgets.SetAsync(fixture.Services, Diego, BudgetRule.TenantScope, 10_000m, BudgetAtLimit.Block);
        await TestBudgets.SetAsync(fixture.Services, Diego, "legal", 100m, BudgetAtLimit.RequireApproval);
        try
        {
            await SentBackForTheBudgetAsync();
        }
        finally
        {
            // The other test's request goes to the same department: it must not find the budget spent.
            await TestBudgets.SetAsync(fixture.Services, Diego, "legal", 1_000_000m, BudgetAtLimit.RequireApproval);
        }
    }

    private async Task SentBackForTheBudgetAsync()
    {
        var first = await fixture.RequestApprovalAsync(Ana, "Revisa la cláusula de penalizaciones del contrato de limpieza.");
        Assert.DoesNotContain(first.Reasons, r => r.Rule == RiskRule.BudgetLeft);
        // While it waits, other work of the department spends the month's budget.
        await using (var session = fixture.Store.LightweightSession(Ana.TenantId))
        {
            var other = Guid.CreateVersion7();
            session.Events.StartStream(other, new CostRecorded(other, 1, "neura-8", "legal", Diego.UserId, Diego.DisplayName, "gpt-4o", 1000, 1000, 100m,
                new DateOnly(2025, 1, 1), await fixture.Service<FinOpsSettingsStore>().TodayAsync(Ana.TenantId), DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        Assert.IsType<DecisionOutcome.Decided>(await fixture.Service<ApprovalDesk>()
            .DecideAsync(Bruno, first.Id, ApprovalVerdict.Approve, null, first.Version, first.PayloadHash));

        var waiting = await SentBackAsync(first);
        Assert.Equal(ExecutionStatus.AwaitingApproval, waiting.Status);
        var events = await EventsAsync(first.ExecutionId);
        Assert.Empty(events.OfType<ExecutionDispatched>());
        Assert.Equal("legal", Assert.IsType<ApprovalRequiredAgain>(events[^1]).Because.BudgetScope);
        var step = Assert.Single(waiting.Timeline, e => e.Kind == TimelineEntryKind.SentBackForApproval);
        Assert.Equal("legal", step.Detail);
        var again = await ApprovalAsync(waiting.ApprovalId!.Value);
        Assert.True(again.IsPending);
        // High risk now: it asks what the policy asks of high risk (two approvals by default), as a launch at that limit would.
        Assert.Equal((first.PayloadHash, RiskLevel.High, 2), (again.PayloadHash, again.Risk, again.ApprovalsRequired));
        Assert.Contains(again.Reasons, r => r is { Rule: RiskRule.BudgetLeft, Level: RiskLevel.High, Subject: "legal" });
        Assert.Equal([Bruno.UserId], again.SentBack!.DecidedBy);

        // Ana reads what changed in Spanish with a link to her run; Bruno in English with a link to the request he may decide again.
        var deliveries = await fixture.SettledAsync(Ana.TenantId, again.Id, atLeast: 4);
        Assert.Equal([Ana.UserId, Bruno.UserId], deliveries.Where(d => d.Kind == NotificationKind.SentBack).Select(d => d.RecipientId).Order());
        var toAna = Assert.Single(fixture.Mail.To(NotificationFixture.Address("ana")),
            m => m.Subject.StartsWith("Devuelta a aprobación:", StringComparison.Ordinal) && m.Text.Contains(first.ExecutionId.ToString()));
        Assert.Contains("El presupuesto de Legal llegó a su límite", toAna.Text);
        Assert.Contains($"{NotificationFixture.PortalUrl}/executions/{first.ExecutionId}", toAna.Text);
        var toBruno = Assert.Single(fixture.Mail.To(NotificationFixture.Address("bruno")),
            m => m.Subject.StartsWith("Sent back for approval:", StringComparison.Ordinal) && m.Text.Contains(again.Id.ToString()));
        Assert.Contains("The budget of Legal reached its limit", toBruno.Text);
        Assert.Contains($"{NotificationFixture.PortalUrl}/approvals/{again.Id}", toBruno.Text);

        // Approved again by people who know the budget is spent: it runs, and its policy asks nothing more.
        var done = await ApproveAndRunAsync(again.Id, Diego, Bruno);
        Assert.Single(done.Timeline, e => e.Kind == TimelineEntryKind.SentBackForApproval);
    }

    [Fact]
    public async Task A_request_approved_by_someone_the_directory_no_longer_lists_as_approver_goes_back_naming_them()
    {
        var people = fixture.Service<People>();
        // Bruno's Approver role was removed in the directory; the session he decides in still carries it.
        await people.NoteAsync(Bruno with { Roles = Bruno.Roles.Where(r => r != AppRoles.Approver).ToHashSet() }, CultureInfo.GetCultureInfo("en-GB"));
        try
        {
            var first = await fixture.RequestApprovalAsync(Ana, "Revisa el anexo de protección de datos del proveedor.");

            Assert.IsType<DecisionOutcome.Decided>(await fixture.Service<ApprovalDesk>()
                .DecideAsync(Bruno, first.Id, ApprovalVerdict.Approve, null, first.Version, first.PayloadHash));

            var waiting = await SentBackAsync(first);
            Assert.Equal(ExecutionStatus.AwaitingApproval, waiting.Status);
            Assert.Empty((await EventsAsync(first.ExecutionId)).OfType<ExecutionDispatched>());
            Assert.Equal(Bruno.DisplayName, Assert.Single(waiting.Timeline, e => e.Kind == TimelineEntryKind.SentBackForApproval).Actor);
            var again = await ApprovalAsync(waiting.ApprovalId!.Value);
            Assert.Equal([Bruno.DisplayName], again.SentBack!.WithoutRole!);
            var toAna = await Eventually.Until(() => Task.FromResult(fixture.Mail.To(NotificationFixture.Address("ana"))
                .FirstOrDefault(m => m.Text.Contains(first.ExecutionId.ToString()) && m.Subject.StartsWith("Devuelta", StringComparison.Ordinal))),
                m => m is not null, "the requester's mail");
            Assert.Contains($"{Bruno.DisplayName} ya no tiene un rol que pueda aprobarla", toAna!.Text);
            await TheOldRequestLeadsToTheNewOneAsync(first, again);

            await ApproveAndRunAsync(again.Id, Diego);
        }
        finally
        {
            await people.NoteAsync(Bruno, CultureInfo.GetCultureInfo("en-GB"));
        }
    }

    /// <summary>
    /// The approved request's page says it was sent back and why, and leads to the new one; the execution's page shows
    /// the new request as the one that decides, with the first approval still on its timeline.
    /// </summary>
    private async Task TheOldRequestLeadsToTheNewOneAsync(ApprovalView first, ApprovalView again)
    {
        await using var pages = new Pages(fixture, "diego");
        var approvalPage = pages.Render<ApprovalDetailPage>(p => p.Add(x => x.Id, first.Id));
        approvalPage.WaitForAssertion(() => Assert.Equal("Aprobada, y devuelta a aprobación antes de ejecutarse",
            approvalPage.Find("[data-testid=approval-status]").TextContent.Trim()));
        var sentBack = approvalPage.Find("[data-testid=approval-sent-back]");
        Assert.Contains($"{Bruno.DisplayName} ya no tiene un rol que pueda aprobarla", sentBack.TextContent);
        Assert.Equal($"/approvals/{again.Id}", approvalPage.Find("[data-testid=approval-successor]").GetAttribute("href"));

        var executionPage = pages.Render<ExecutionDetailPage>(p => p.Add(x => x.Id, first.ExecutionId));
        executionPage.WaitForAssertion(() => Assert.Equal($"Esperando aprobación: 0 de {again.ApprovalsRequired}",
            executionPage.Find("[data-testid=execution-approval] h2").TextContent.Trim()));
        Assert.Contains(executionPage.FindAll("[data-testid=timeline-entry]"), entry => entry.TextContent.Contains("Aprobó") && entry.TextContent.Contains(Bruno.DisplayName));
    }

    /// <summary>The portal's pages, rendered for one reader in Spanish on this test's portal.</summary>
    private sealed class Pages(NotificationFixture fixture, string persona) : PortalComponentTest<NotificationFixture>(fixture, persona, "es-ES");
}
