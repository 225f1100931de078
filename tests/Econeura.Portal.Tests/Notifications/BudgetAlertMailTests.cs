using Econeura.Portal.Tests.FinOps;

namespace Econeura.Portal.Tests.Notifications;

/// <summary>A budget alert reaches finance staff by mail, as they chose for budget alerts, and nobody else.</summary>
public sealed class BudgetAlertMailTests(NotificationFixture fixture) : IClassFixture<NotificationFixture>
{
    private static readonly PortalUser Diego = PortalFixture.User("diego");

    private async Task<IReadOnlyList<NotificationDelivery>> BudgetAlertDeliveriesAsync()
    {
        await using var session = fixture.Store.QuerySession(Diego.TenantId);
        return await session.Query<NotificationDelivery>().Where(d => d.Kind == NotificationKind.BudgetAlert).ToListAsync();
    }

    [Fact]
    public async Task A_crossed_threshold_mails_each_finance_holder_once_in_their_language_with_the_figures_and_a_link_to_the_alerts()
    {
        // The company's budget stays far from its thresholds: one alert, the department's.
        await TestBudgets.SetAsync(fixture.Services, Diego, BudgetRule.TenantScope, 100_000m, BudgetAtLimit.Block);
        await TestBudgets.SetAsync(fixture.Services, Diego, "legal", 100m, BudgetAtLimit.Block, thresholds: [50]);
        await using (var session = fixture.Store.LightweightSession(Diego.TenantId))
        {
            var other = Guid.CreateVersion7();
            session.Events.StartStream(other, new CostRecorded(other, 1, "neura-8", "legal", Diego.UserId, Diego.DisplayName, "gpt-4o", 1000, 1000, 60m,
                new DateOnly(2025, 1, 1), await fixture.Service<FinOpsSettingsStore>().TodayAsync(Diego.TenantId), DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        // The check that follows a cost, or the periodic one; spend is projected after the commit, so it may take a second look.
        var deliveries = await Eventually.Until(async () =>
        {
            await fixture.Service<BudgetMonitor>().CheckAsync(Diego.TenantId);
            return await BudgetAlertDeliveriesAsync();
        }, d => d.Count >= 2 && d.All(x => x.Status != DeliveryStatus.Queued), "the budget alert's mails to be sent");

        var finance = (await fixture.Service<People>().HoldingAsync(Diego.TenantId, AppRoles.Finance)).Select(p => p.Id).Order().ToList();
        Assert.Equal([PortalFixture.User("carmen").UserId, Diego.UserId], finance);
        Assert.Equal(finance, deliveries.Select(d => d.RecipientId).Order());
        Assert.All(deliveries, d => Assert.Equal((NotificationChannel.Email, DeliveryStatus.Sent), (d.Channel, d.Status)));
        var mail = Assert.Single(fixture.Mail.To(NotificationFixture.Address("carmen")),
            m => m.Subject.StartsWith("Alerta de presupuesto:", StringComparison.Ordinal));
        Assert.Equal("Alerta de presupuesto: Legal al 50 %", mail.Subject);
        Assert.Contains("60,00", mail.Text);
        Assert.Contains($"{NotificationFixture.PortalUrl}/finance/alerts", mail.Text);
        Assert.DoesNotContain(fixture.Mail.Received, m => m.Subject.StartsWith("Alerta de presupuesto:", StringComparison.Ordinal)
            && m.To != NotificationFixture.Address("carmen") && m.To != NotificationFixture.Address("diego"));

        // Planned again (a retried job): nobody is mailed twice.
        var alert = deliveries[0];
        await fixture.Service<PlanNotificationsJob>().PlanBudgetAlertAsync(Diego.TenantId, alert.AlertStreamId!.Value, alert.TopicId, CancellationToken.None);
        Assert.Equal(2, (await BudgetAlertDeliveriesAsync()).Count);
    }
}
