using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using static Econeura.Portal.Tests.FinOps.AlertSteps;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>Thresholds crossed exactly once per budget, threshold and month, however the crossing is found; and the alert posted.</summary>
public sealed class BudgetAlertsTests(FinOpsFixture fixture) : IClassFixture<FinOpsFixture>
{
    private static readonly PortalUser Diego = PortalFixture.User("diego");

    [Fact]
    public async Task Two_hundred_executions_completing_at_once_across_the_thresholds_raise_each_alert_exactly_once_and_post_it()
    {
        await fixture.SetChannelsAsync(Diego, ("/ops", true));
        // Each research call costs about 0.0017 EUR: 200 of them cross 50, 80 and 100 % of 0.20 EUR.
        await SetBudgetAsync(fixture, Diego, "research", 0.20m);

        await RunExecutionsAsync(fixture, PortalFixture.User("ana"), "neura-10", "research", 200);
        await SettledAsync(fixture);

        var crossings = (await EventsAsync(fixture, Diego.TenantId, "research")).OfType<BudgetThresholdCrossed>().ToList();
        Assert.Equal([50, 80, 100], crossings.Select(c => c.ThresholdPercent).Order());
        var posts = fixture.AlertWebhook.Received.Where(r => r.Path == "/ops" && r.Body.Contains("\"scope\":\"research\"")).ToList();
        Assert.Equal(crossings.Select(c => c.AlertId).Order(), posts.Select(p => JsonDocument.Parse(p.Body).RootElement.GetProperty("alertId").GetGuid()).Order());
        Assert.All(posts, post => Assert.Equal(FinOpsFixture.Secret, post.Headers["X-Alert-Key"]));
        Assert.All(posts, post => Assert.Equal(JsonDocument.Parse(post.Body).RootElement.GetProperty("alertId").GetString(), post.Headers["Idempotency-Key"]));
        var limit = JsonDocument.Parse(Assert.Single(posts, post => post.Body.Contains("crossed 100 %")).Body).RootElement;
        Assert.Equal(DevelopmentPersonas.Contoso.Id, limit.GetProperty("tenant").GetProperty("id").GetString());
        Assert.Equal("Contoso Iberia", limit.GetProperty("tenant").GetProperty("name").GetString());
        Assert.StartsWith("Econeura (Contoso Iberia): the 'research' department's budget crossed 100 %", limit.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_crossing_missed_after_a_crash_is_raised_once_by_the_periodic_check_however_often_it_runs()
    {
        await RunExecutionsAsync(fixture, PortalFixture.User("carmen"), "neura-6", "cmo", 6);
        Assert.Empty((await EventsAsync(fixture, Diego.TenantId, "cmo")).OfType<BudgetThresholdCrossed>());
        // As if the check after these costs had died with its process: the budget now stands below what was spent.
        await SetBudgetAsync(fixture, Diego, "cmo", 0.005m);

        var job = fixture.Service<CheckBudgetsJob>();
        await Task.WhenAll(job.RunAsync(CancellationToken.None), job.RunAsync(CancellationToken.None));
        await job.RunAsync(CancellationToken.None);
        await SettledAsync(fixture);

        Assert.Equal([50, 80, 100], (await EventsAsync(fixture, Diego.TenantId, "cmo")).OfType<BudgetThresholdCrossed>().Select(c => c.ThresholdPercent).Order());
    }

    [Fact]
    public async Task An_alert_the_channel_keeps_refusing_is_recorded_as_not_delivered_after_the_last_retry()
    {
        var channel = (await fixture.SetChannelsAsync(Diego, ("/refusing", false)))[0];
        fixture.AlertWebhook.Answer = request => request.Path == "/refusing" ? (HttpStatusCode.InternalServerError, "") : (HttpStatusCode.OK, "{}");
        // Raised here rather than by a cost, so that no queued job delivers it meanwhile.
        var month = await MonthAsync(fixture, Diego.TenantId);
        var stream = BudgetMonitor.StreamId(Diego.TenantId, "cdo", month);
        var raised = await fixture.Service<BudgetMonthStream>().WriteAsync(Diego.TenantId, stream, state => BudgetAlertDecisions.Check(
            state, new BudgetRule("cdo", 0.001m, [100], BudgetAtLimit.Block), month, 0.002m, [channel], Guid.CreateVersion7, DateTimeOffset.UtcNow), CancellationToken.None);
        var alert = ((BudgetThresholdCrossed)Assert.Single(raised)).AlertId;
        var job = fixture.Service<DeliverBudgetAlertJob>();

        await Assert.ThrowsAsync<HttpRequestException>(() => job.DeliverAsync(Diego.TenantId, stream, alert, channel, "job-a", lastTry: false, CancellationToken.None));
        Assert.Equal(AlertDelivery.Pending, (await LineAsync(alert)).Alert.Delivery);
        await job.DeliverAsync(Diego.TenantId, stream, alert, channel, "job-a", lastTry: true, CancellationToken.None);

        var line = await LineAsync(alert);
        Assert.Equal(AlertDelivery.Failed, line.Alert.Delivery);
        Assert.Equal("HTTP 500 (2)", line.Alert.DeliveryError);
        Assert.DoesNotContain(fixture.AlertWebhook.Url, line.Alert.DeliveryError);
        Assert.Equal(2, fixture.AlertWebhook.Received.Count(r => r.Path == "/refusing"));
        fixture.AlertWebhook.Answer = _ => (HttpStatusCode.OK, "{}");
    }

    [Fact]
    public async Task Unread_alerts_are_counted_for_each_reader_until_they_open_the_alerts()
    {
        var carmen = PortalFixture.User("carmen");
        var inbox = fixture.Service<BudgetAlertsInbox>();
        await inbox.MarkReadAsync(carmen);
        await SetBudgetAsync(fixture, Diego, "chro", 0.001m);

        await RunExecutionsAsync(fixture, PortalFixture.User("ana"), "neura-4", "chro", 1);

        Assert.Equal(3, await inbox.UnreadAsync(carmen));
        await inbox.MarkReadAsync(carmen);
        Assert.Equal(0, await inbox.UnreadAsync(carmen));
    }

    private async Task<AlertLine> LineAsync(Guid alert) =>
        Assert.Single(await fixture.Service<BudgetAlertsInbox>().LatestAsync(Diego.TenantId), l => l.Alert.AlertId == alert);
}
