using Econeura.Portal.Tests.Approvals;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Notifications;

/// <summary>Who is mailed about a request and what the mail says, received by a real SMTP server.</summary>
public sealed class ApprovalMailTests(NotificationFixture fixture) : IClassFixture<NotificationFixture>
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly PortalUser Bruno = PortalFixture.User("bruno");

    [Fact]
    public async Task A_request_that_waits_mails_exactly_its_approvers_once_each_in_their_language_with_one_link_and_no_decision()
    {
        var request = await fixture.RequestApprovalAsync(Ana, "Revisa el contrato con el proveedor de limpieza.");

        var deliveries = await fixture.SettledAsync(Ana.TenantId, request.Id, atLeast: 2);
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        var mails = fixture.Mail.Received.Where(m => m.Text.Contains(request.Id.ToString())).ToList();
        // Bruno and Diego hold Approver in Contoso; Ana asked; Fabio approves in another tenant; Carmen is finance.
        Assert.Equal([NotificationFixture.Address("bruno"), NotificationFixture.Address("diego")], mails.Select(m => m.To).Order());
        var toBruno = Assert.Single(mails, m => m.To == NotificationFixture.Address("bruno"));
        var toDiego = Assert.Single(mails, m => m.To == NotificationFixture.Address("diego"));
        Assert.StartsWith("Approval needed:", toBruno.Subject);
        Assert.StartsWith("Aprobación pendiente:", toDiego.Subject);
        Assert.Contains("Ana García", toBruno.Text);
        Assert.Contains("Time left", toBruno.Text);
        Assert.Contains("Tiempo restante", toDiego.Text);
        var link = $"{NotificationFixture.PortalUrl}/approvals/{request.Id}";
        foreach (var mail in mails)
        {
            Assert.Contains(link, mail.Text);
            // One link, to the request, and nothing to decide with.
            Assert.Equal(1, mail.Html.Split("<a href=").Length - 1);
            Assert.Contains($"<a href=\"{link}\">", mail.Html);
            Assert.DoesNotContain("<form", mail.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("/decision", mail.Html);
        }

        // Planned again (a retried job, the escalation's own notice to Diego, who is also an admin): nobody is mailed twice.
        await fixture.Service<PlanNotificationsJob>().PlanAsync(Ana.TenantId, request.Id, ApprovalMoment.Requested, CancellationToken.None);
        await fixture.Service<PlanNotificationsJob>().PlanAsync(Ana.TenantId, request.Id, ApprovalMoment.Escalated, CancellationToken.None);
        Assert.Equal(2, (await fixture.DeliveriesAsync(Ana.TenantId, request.Id)).Count);
    }

    [Fact]
    public async Task A_rejection_reaches_the_requester_in_her_language_with_the_reason_and_a_link_to_her_execution()
    {
        var request = await fixture.RequestApprovalAsync(Ana, "Prepara el informe trimestral de proveedores.");
        var desk = fixture.Service<ApprovalDesk>();

        var outcome = await desk.DecideAsync(Bruno, request.Id, ApprovalVerdict.Reject, "Falta el presupuesto aprobado del proyecto", null, null);

        Assert.IsType<DecisionOutcome.Decided>(outcome);
        var mail = await Eventually.Until(() => Task.FromResult(fixture.Mail.To(NotificationFixture.Address("ana"))
                .FirstOrDefault(m => m.Text.Contains(request.ExecutionId.ToString()))), m => m is not null, "the requester's mail");
        Assert.StartsWith("Rechazada:", mail!.Subject);
        Assert.Contains("Falta el presupuesto aprobado del proyecto", mail.Text);
        Assert.Contains("Bruno Martín", mail.Text);
        Assert.Contains($"{NotificationFixture.PortalUrl}/executions/{request.ExecutionId}", mail.Html);
        var decision = Assert.Single(await fixture.DeliveriesAsync(Ana.TenantId, request.Id), d => d.Kind == NotificationKind.Decision);
        Assert.Equal(Ana.UserId, decision.RecipientId);
    }

    [Fact]
    public async Task A_reminder_reaches_each_approver_who_has_not_decided_once_at_half_the_time_to_escalation()
    {
        var request = await fixture.RequestApprovalAsync(Ana, "Analiza las cláusulas de confidencialidad del acuerdo.");
        await fixture.SettledAsync(Ana.TenantId, request.Id, atLeast: 2);
        var halfway = (request.EscalateAt - request.RequestedAt) / 2;
        RemindApproversJob At(TimeSpan shift) => ActivatorUtilities.CreateInstance<RemindApproversJob>(fixture.Services, (TimeProvider)new ShiftedTime(shift));

        // Just before halfway: nobody is reminded.
        await At(halfway - TimeSpan.FromMinutes(2)).RemindAsync(CancellationToken.None);
        Assert.DoesNotContain(await fixture.DeliveriesAsync(Ana.TenantId, request.Id), d => d.Kind == NotificationKind.Reminder);

        // Past halfway, the minute's sweep runs three times: one reminder each.
        var later = At(halfway + TimeSpan.FromMinutes(1));
        for (var i = 0; i < 3; i++) await later.RemindAsync(CancellationToken.None);

        var reminders = (await fixture.SettledAsync(Ana.TenantId, request.Id, atLeast: 4)).Where(d => d.Kind == NotificationKind.Reminder).ToList();
        Assert.Equal(["dev-bruno", "dev-diego"], reminders.Select(d => d.RecipientId).Order());
        var mails = fixture.Mail.Received.Where(m => m.Text.Contains(request.Id.ToString()) && m.Subject.StartsWith("Re", StringComparison.Ordinal)).ToList();
        Assert.Equal([NotificationFixture.Address("bruno"), NotificationFixture.Address("diego")], mails.Select(m => m.To).Order());
        Assert.StartsWith("Reminder:", Assert.Single(mails, m => m.To == NotificationFixture.Address("bruno")).Subject);
    }
}
