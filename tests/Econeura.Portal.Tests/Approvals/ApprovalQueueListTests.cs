using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Econeura.Portal.Tests.Approvals;

/// <summary>
/// Deciding from the queue itself, as an approver who works it all day: the same rules as a request's page (four-eyes,
/// a reason for a rejection, the decision bound to the request as it was seen), and arrivals marked and said. Where the
/// keyboard lands after a decision is checked in a browser (ApprovalQueueWorkTests).
/// </summary>
public sealed class ApprovalQueueListTests(PortalFixture fixture) : PortalComponentTest(fixture, "bruno", "en-GB")
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly PortalUser Bruno = PortalFixture.User("bruno");

    private IRenderedComponent<MudDialogProvider> _dialogs = default!;

    private IRenderedComponent<ApprovalQueuePage> OpenQueue()
    {
        _dialogs = Render<MudDialogProvider>();
        return Render<ApprovalQueuePage>();
    }

    private static IElement Row(IRenderedComponent<ApprovalQueuePage> queue, ApprovalView approval) =>
        queue.WaitForElement($"[data-approval-id='{approval.Id}']");

    /// <summary>Clicks a decision in <paramref name="approval"/>'s row; the click completes once the dialog is answered.</summary>
    private Task Click(IRenderedComponent<ApprovalQueuePage> queue, ApprovalView approval, string verdict)
    {
        var clicked = Row(queue, approval).QuerySelector($"[data-testid=queue-{verdict}]")!.ClickAsync(new());
        _dialogs.WaitForElement("[data-testid=decision-confirm]");
        return clicked;
    }

    private Task ConfirmAsync() => _dialogs.Find("[data-testid=decision-confirm]").ClickAsync(new());

    private Task<ApprovalView?> StoredAsync(ApprovalView approval) =>
        Fixture.Services.GetRequiredService<ApprovalQueries>().LoadAsync(Ana.TenantId, approval.Id);

    [Fact]
    public async Task An_approval_from_the_list_is_recorded_for_the_payload_seen_and_leaves_the_next_request_to_decide()
    {
        var first = await Fixture.RequestApprovalAsync(Ana, "Revisa la cláusula de exclusividad");
        var next = await Fixture.RequestApprovalAsync(Ana, "Revisa la cláusula de renovación");
        var queue = OpenQueue();

        var clicked = Click(queue, first, "approve");
        await ConfirmAsync();
        await clicked;

        queue.WaitForAssertion(() => Assert.Equal("approved", queue.Find("[data-testid=decision-notice]").GetAttribute("data-notice")));
        Assert.Empty(queue.FindAll($"[data-approval-id='{first.Id}']"));
        var stored = (await StoredAsync(first))!;
        Assert.Equal(ApprovalStatus.Approved, stored.Status);
        var vote = Assert.Single(stored.Approvals);
        Assert.Equal((Bruno.UserId, first.PayloadHash), (vote.ApproverId, vote.PayloadHash));
        Assert.NotNull(Row(queue, next).QuerySelector("[data-testid=queue-approve]"));
    }

    [Fact]
    public async Task Four_eyes_the_list_offers_no_decision_on_the_approvers_own_request_and_says_why()
    {
        var own = await Fixture.RequestApprovalAsync(Bruno, "Revisa el acuerdo de confidencialidad");
        var queue = OpenQueue();

        var row = Row(queue, own);

        Assert.Null(row.QuerySelector("[data-testid=queue-approve]"));
        Assert.Null(row.QuerySelector("[data-testid=queue-reject]"));
        Assert.Equal("Four-eyes: someone else decides it", row.QuerySelector("[data-testid=queue-not-here]")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_rejection_from_the_list_is_not_sent_without_a_reason_and_is_sent_with_one()
    {
        var approval = await Fixture.RequestApprovalAsync(Ana, "Revisa la cláusula de permanencia");
        var queue = OpenQueue();

        var clicked = Click(queue, approval, "reject");
        await ConfirmAsync();

        _dialogs.WaitForAssertion(() => Assert.Contains("Write why: the requester will read it.", _dialogs.Markup));
        Assert.False(clicked.IsCompleted);
        Assert.Equal(ApprovalStatus.Pending, (await StoredAsync(approval))!.Status);

        _dialogs.Find("textarea").Input("Falta el contrato firmado");
        await ConfirmAsync();
        await clicked;

        queue.WaitForAssertion(() => Assert.Equal("rejected", queue.Find("[data-testid=decision-notice]").GetAttribute("data-notice")));
        var stored = (await StoredAsync(approval))!;
        Assert.Equal((ApprovalStatus.Rejected, "Falta el contrato firmado"), (stored.Status, stored.RejectionReason));
    }

    [Fact]
    public async Task A_decision_from_the_list_is_bound_to_the_request_as_it_was_seen_so_a_change_meanwhile_records_nothing()
    {
        var approval = await Fixture.RequestApprovalAsync(Ana, "Revisa la cláusula de garantía");
        var queue = OpenQueue();
        var clicked = Click(queue, approval, "approve");

        // While bruno reads the dialog, diego rejects the request.
        var meanwhile = await Fixture.Services.GetRequiredService<ApprovalDesk>().DecideAsync(
            PortalFixture.User("diego"), approval.Id, ApprovalVerdict.Reject, "Sin presupuesto", expectedVersion: null, payloadHash: null);
        Assert.IsType<DecisionOutcome.Decided>(meanwhile);
        await ConfirmAsync();
        await clicked;

        queue.WaitForAssertion(() => Assert.Equal("conflict", queue.Find("[data-testid=decision-notice]").GetAttribute("data-notice")));
        Assert.Contains("nothing was recorded from you. It is now: Rejected", queue.Find("[data-testid=decision-notice]").TextContent);
        var stored = (await StoredAsync(approval))!;
        Assert.Equal((ApprovalStatus.Rejected, 0), (stored.Status, stored.Approvals.Count));
    }

    [Fact]
    public async Task A_request_that_arrives_while_the_queue_is_open_is_marked_new_and_announced()
    {
        var queue = OpenQueue();
        queue.WaitForElement("[data-testid=queue-announcement]");
        Assert.Equal("", queue.Find("[data-testid=queue-announcement]").TextContent.Trim());

        var arrived = await Fixture.RequestApprovalAsync(Ana, "Revisa la cláusula de arbitraje");

        queue.WaitForAssertion(() => Assert.Equal("true", Row(queue, arrived).GetAttribute("data-new")));
        Assert.Equal("New", Row(queue, arrived).QuerySelector("[data-testid=approval-new-mark]")!.TextContent.Trim());
        Assert.Equal("New request: NEURA Legal, from Ana García, Medium risk", queue.Find("[data-testid=queue-announcement]").TextContent.Trim());
    }
}
