using System.Net;
using Microsoft.Extensions.DependencyInjection;
using static Econeura.Portal.Tests.FinOps.AlertSteps;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>Each alert reaches each channel once, whatever races, and the alerts view shows every one with its delivery.</summary>
public sealed class ExactlyOnceAlertsTests(FinOpsFixture fixture) : IClassFixture<FinOpsFixture>
{
    private static readonly PortalUser Diego = PortalFixture.User("diego");
    private static readonly PortalUser Ana = PortalFixture.User("ana");

    [Fact]
    public async Task Concurrent_completions_and_a_raised_limit_post_each_alert_exactly_once_to_each_channel_and_rearm_the_thresholds()
    {
        await fixture.SetChannelsAsync(Diego, ("/ops", true), ("/finance", false));
        // A research call costs about 0.0017 EUR: 20 at once cross 50, 80 and 100 % of 0.02 EUR. The budget asks for approval
        // at its limit rather than blocking, so none of the runs already requested is stopped before its call.
        await SetBudgetAsync(fixture, Diego, "research", 0.02m, BudgetAtLimit.RequireApproval, 50, 80, 100);
        await RunExecutionsAsync(fixture, Ana, "neura-10", "research", 20);

        // Raised mid-month: the spend (~0.034) is ~68 % of 0.05, so 80 and 100 % are back under and armed again, 50 % stays.
        await SetBudgetAsync(fixture, Diego, "research", 0.05m, BudgetAtLimit.RequireApproval, 50, 80, 100);
        await SettledAsync(fixture);
        var cleared = Assert.Single((await EventsAsync(fixture, Diego.TenantId, "research")).OfType<BudgetThresholdsCleared>());
        Assert.Equal([80, 100], cleared.ThresholdsPercent);
        Assert.Equal(BudgetClearedBy.LimitRaised, cleared.By);
        Assert.Equal([50], (await fixture.Service<BudgetReport>().StatusAsync(Diego.TenantId)).Single(b => b.Scope == "research").Crossed);

        await RunExecutionsAsync(fixture, Ana, "neura-10", "research", 14);
        await SettledAsync(fixture);

        var events = await EventsAsync(fixture, Diego.TenantId, "research");
        Assert.Equal([50, 80, 100, 80, 100], events.OfType<BudgetThresholdCrossed>().Select(c => c.ThresholdPercent));
        var alerts = AlertIds(events).Order().ToList();
        Assert.Equal(6, alerts.Count);
        Assert.Equal(alerts, PostedAlerts(fixture.AlertWebhook, "/ops").Order());
        Assert.Equal(alerts, PostedAlerts(fixture.AlertWebhook, "/finance").Order());
        var view = await ViewAsync(fixture, Diego.TenantId, "research");
        Assert.Equal(alerts, view!.Alerts.Select(a => a.AlertId).Order());
        Assert.All(view.Alerts, a => Assert.Equal(AlertDelivery.Delivered, a.Delivery));
        Assert.Equal([50, 80, 100], (await fixture.Service<BudgetReport>().StatusAsync(Diego.TenantId)).Single(b => b.Scope == "research").Crossed);
    }

    [Fact]
    public async Task The_view_keeps_every_alert_and_delivery_while_deliveries_and_crossings_commit_at_once()
    {
        var channel = (await fixture.SetChannelsAsync(Diego, ("/busy", false)))[0];
        var streams = fixture.Service<BudgetMonthStream>();
        var job = fixture.Service<DeliverBudgetAlertJob>();
        for (var round = 0; round < 5; round++)
        {
            var stream = Guid.NewGuid();
            var scope = $"round-{round}";
            var thresholds = Enumerable.Range(1, 15).Select(t => t * 10).ToArray();
            var budget = new BudgetRule(scope, 1m, thresholds, BudgetAtLimit.Block);
            // Ten thresholds crossed at once, then each delivered by its own job while five more are crossed one by one.
            var first = await streams.WriteAsync(Diego.TenantId, stream,
                state => BudgetAlertDecisions.Check(state, budget, "2020-12", 1m, [channel], Guid.CreateVersion7, DateTimeOffset.UtcNow), CancellationToken.None);
            var work = first.OfType<BudgetThresholdCrossed>()
                .Select(c => Task.Run(() => job.DeliverAsync(Diego.TenantId, stream, c.AlertId, channel, $"job-{c.AlertId}", lastTry: false, CancellationToken.None)))
                .Append(Task.Run(async () =>
                {
                    for (var spent = 1.1m; spent <= 1.5m; spent += 0.1m)
                    {
                        var reached = spent;
                        await streams.WriteAsync(Diego.TenantId, stream,
                            state => BudgetAlertDecisions.Check(state, budget, "2020-12", reached, [], Guid.CreateVersion7, DateTimeOffset.UtcNow), CancellationToken.None);
                    }
                }));
            await Task.WhenAll(work);

            await using var session = fixture.Store.QuerySession(Diego.TenantId);
            var events = (await session.Events.FetchStreamAsync(stream)).Select(e => e.Data).ToList();
            var view = await session.LoadAsync<BudgetAlertView>(stream);
            Assert.Equal(15, events.OfType<BudgetThresholdCrossed>().Count());
            Assert.Equal(AlertIds(events).Order(), view!.Alerts.Select(a => a.AlertId).Order());
            Assert.Equal(10, view.Alerts.Count(a => a.Delivery == AlertDelivery.Delivered));
            Assert.Equal(5, view.Alerts.Count(a => a.Delivery == AlertDelivery.PortalOnly));
        }
        Assert.Equal(50, fixture.AlertWebhook.Received.Count(r => r.Path == "/busy"));
    }

    [Fact]
    public async Task Jobs_delivering_the_same_alert_at_once_post_it_once_and_a_later_run_finds_it_delivered()
    {
        var channel = (await fixture.SetChannelsAsync(Diego, ("/twice", false)))[0];
        var stream = Guid.NewGuid();
        var raised = await fixture.Service<BudgetMonthStream>().WriteAsync(Diego.TenantId, stream, state => BudgetAlertDecisions.Check(
            state, new BudgetRule("cfo", 1m, [100], BudgetAtLimit.Block), "2020-12", 1m, [channel], Guid.CreateVersion7, DateTimeOffset.UtcNow), CancellationToken.None);
        var alert = ((BudgetThresholdCrossed)Assert.Single(raised)).AlertId;
        var job = fixture.Service<DeliverBudgetAlertJob>();

        // As Hangfire may: the job twice at once (two nodes), then once more later.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(run => Task.Run(() =>
            job.DeliverAsync(Diego.TenantId, stream, alert, channel, $"job-{run}", lastTry: false, CancellationToken.None))));
        await job.DeliverAsync(Diego.TenantId, stream, alert, channel, "job-late", lastTry: false, CancellationToken.None);

        Assert.Single(fixture.AlertWebhook.Received, r => r.Path == "/twice");
    }

    [Fact]
    public async Task A_channel_on_an_internal_address_is_refused_when_saved_and_never_called_when_posted()
    {
        var channels = fixture.Service<AlertChannels>();
        var current = await channels.LoadAsync(Diego.TenantId);
        var refused = Assert.IsType<AlertChannelsSave.Invalid>(await channels.SaveAsync(Diego,
            [new AlertChannel(Guid.Empty, "metadata", "http://169.254.169.254/latest/meta-data")], current.Version));
        Assert.Equal([("channels[0].url", AlertChannelProblem.AddressNotAllowed)], refused.Problems);

        // As if saved when its name still resolved to a public address: the post is refused where it connects.
        var internalChannel = new AlertChannel(Guid.CreateVersion7(), "rebound", "http://169.254.169.254/hook");
        Assert.True(await fixture.Service<VersionedSettings>().SaveAsync(Diego.TenantId,
            new AlertChannelSettings { Channels = [internalChannel], Version = current.Version }, Diego));
        var stream = Guid.NewGuid();
        var raised = await fixture.Service<BudgetMonthStream>().WriteAsync(Diego.TenantId, stream, state => BudgetAlertDecisions.Check(
            state, new BudgetRule("cfo", 1m, [100], BudgetAtLimit.Block), "2020-12", 1m, [internalChannel.Id], Guid.CreateVersion7, DateTimeOffset.UtcNow), CancellationToken.None);
        var alert = ((BudgetThresholdCrossed)Assert.Single(raised)).AlertId;

        await fixture.Service<DeliverBudgetAlertJob>().DeliverAsync(Diego.TenantId, stream, alert, internalChannel.Id, "job-x", lastTry: false, CancellationToken.None);

        await using var session = fixture.Store.QuerySession(Diego.TenantId);
        var view = await session.LoadAsync<BudgetAlertView>(stream);
        Assert.Equal(AlertDelivery.Failed, view!.Alerts.Single().Delivery);
        Assert.Equal("the address is in a private or internal network (1)", view.Alerts.Single().DeliveryError);
    }
}
