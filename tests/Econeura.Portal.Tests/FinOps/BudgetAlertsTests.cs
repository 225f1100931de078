using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>Thresholds crossed exactly once per budget, threshold and month, however the crossing is found; and the alert posted.</summary>
public sealed class BudgetAlertsTests(FinOpsFixture fixture) : IClassFixture<FinOpsFixture>
{

    private async Task SetBudgetAsync(PortalUser admin, string scope, decimal limit, BudgetAtLimit atLimit = BudgetAtLimit.Block)
    {
        var settings = fixture.Service<FinOpsSettingsStore>();
        var budget = await settings.BudgetAsync(admin.TenantId, scope);
        budget.LimitEur = limit;
        budget.AtLimit = atLimit;
        Assert.True(await settings.SaveBudgetAsync(admin.TenantId, budget, admin));
    }

    private async Task<IReadOnlyList<BudgetThresholdCrossed>> CrossingsAsync(string tenantId, string scope)
    {
        var zone = await fixture.Service<FinOpsSettingsStore>().TimeZoneAsync(tenantId);
        var month = BudgetCalendar.MonthOf(DateTimeOffset.UtcNow, zone);
        await using var session = fixture.Store.QuerySession(tenantId);
        var events = await session.Events.FetchStreamAsync(BudgetMonitor.StreamId(tenantId, scope, month));
        return events.Select(e => e.Data).OfType<BudgetThresholdCrossed>().ToList();
    }

    private async Task RunExecutionsAsync(PortalUser user, string agentId, string department, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++) ids.Add(await fixture.RequestWithoutJobAsync(user, agentId, department));
        var job = fixture.Service<DispatchExecutionJob>();
        await Task.WhenAll(ids.Select(id => Task.Run(() => job.DispatchAsync(user.TenantId, id, null, $"job-{id:N}", CancellationToken.None))));
    }

    [Fact]
    public async Task Two_hundred_executions_completing_at_once_across_the_thresholds_raise_each_alert_exactly_once_and_post_it()
    {
        var diego = PortalFixture.User("diego");
        // Each research call costs about 0.0017 EUR: 200 of them cross 50, 80 and 100 % of 0.20 EUR.
        await SetBudgetAsync(diego, "research", 0.20m);

        await RunExecutionsAsync(PortalFixture.User("ana"), "neura-10", "research", 200);

        var crossings = await CrossingsAsync(diego.TenantId, "research");
        Assert.Equal([50, 80, 100], crossings.Select(c => c.ThresholdPercent).Order());
        Assert.All(crossings, c => Assert.True(c.Posted));
        var posts = await Eventually.Until(() => Task.FromResult(fixture.AlertWebhook.Received.Where(r => r.Body.Contains("research")).ToList()),
            received => received.Count >= 3, "the three alerts to be posted");
        Assert.Equal(3, posts.Count);
        Assert.All(posts, post => Assert.Equal("test-alert-key", post.Headers["X-Alert-Key"]));
        Assert.Contains(posts, post => post.Body.Contains("crossed 100 %"));
    }

    [Fact]
    public async Task A_crossing_missed_after_a_crash_is_raised_once_by_the_periodic_check_however_often_it_runs()
    {
        var diego = PortalFixture.User("diego");
        await RunExecutionsAsync(PortalFixture.User("carmen"), "neura-6", "cmo", 6);
        Assert.Empty(await CrossingsAsync(diego.TenantId, "cmo"));
        // As if the check after these costs had died with its process: the budget now stands below what was spent.
        await SetBudgetAsync(diego, "cmo", 0.005m);

        var job = fixture.Service<CheckBudgetsJob>();
        await Task.WhenAll(job.RunAsync(CancellationToken.None), job.RunAsync(CancellationToken.None));
        await job.RunAsync(CancellationToken.None);

        Assert.Equal([50, 80, 100], (await CrossingsAsync(diego.TenantId, "cmo")).Select(c => c.ThresholdPercent).Order());
    }

    [Fact]
    public async Task An_alert_the_webhook_keeps_refusing_is_recorded_as_not_delivered_after_the_last_retry()
    {
        var diego = PortalFixture.User("diego");
        await SetBudgetAsync(diego, "cdo", 0.001m);
        fixture.AlertWebhook.Answer = request => request.Body.Contains("\"scope\":\"cdo\"") ? (HttpStatusCode.InternalServerError, "") : (HttpStatusCode.OK, "{}");
        await RunExecutionsAsync(PortalFixture.User("ana"), "neura-2", "cdo", 1);
        var zone = await fixture.Service<FinOpsSettingsStore>().TimeZoneAsync(diego.TenantId);
        var stream = BudgetMonitor.StreamId(diego.TenantId, "cdo", BudgetCalendar.MonthOf(DateTimeOffset.UtcNow, zone));
        var job = fixture.Service<DeliverBudgetAlertJob>();

        await Assert.ThrowsAsync<HttpRequestException>(() => job.DeliverAsync(diego.TenantId, stream, 100, attempt: 1, CancellationToken.None));
        await job.DeliverAsync(diego.TenantId, stream, 100, attempt: DeliverBudgetAlertJob.Retries + 1, CancellationToken.None);

        var lines = await fixture.Service<BudgetAlertsInbox>().LatestAsync(diego.TenantId);
        var line = Assert.Single(lines, l => l.Scope == "cdo" && l.Alert.ThresholdPercent == 100);
        Assert.Equal(AlertDelivery.Failed, line.Alert.Delivery);
        Assert.Contains("HTTP 500", line.Alert.DeliveryError);
        Assert.DoesNotContain(fixture.AlertWebhook.Url, line.Alert.DeliveryError);
    }

    [Fact]
    public async Task Unread_alerts_are_counted_for_each_reader_until_they_open_the_alerts()
    {
        var carmen = PortalFixture.User("carmen");
        var inbox = fixture.Service<BudgetAlertsInbox>();
        await inbox.MarkReadAsync(carmen);
        await SetBudgetAsync(PortalFixture.User("diego"), "chro", 0.001m);

        await RunExecutionsAsync(PortalFixture.User("ana"), "neura-4", "chro", 1);

        Assert.Equal(3, await inbox.UnreadAsync(carmen));
        await inbox.MarkReadAsync(carmen);
        Assert.Equal(0, await inbox.UnreadAsync(carmen));
    }
}
