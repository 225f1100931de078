using System.Net;
using Econeura.Portal.Tests.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>The one case a claim exists for: the post went out and the database failed before its outcome was saved.</summary>
public sealed class AlertAfterFailedSaveTests : LinkedPortalTest
{
    private static readonly PortalUser Diego = PortalFixture.User("diego");

    // A short wait for the database, so the job gives up on saving the outcome within the test.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Database:LongestWait"] = "00:00:01" };

    [Fact]
    public async Task A_delivery_retried_after_its_save_failed_does_not_post_again_and_shows_the_outcome_as_unknown()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var channels = Portal.Services.GetRequiredService<AlertChannels>();
        var saved = Assert.IsType<AlertChannelsSave.Saved>(await channels.SaveAsync(Diego, [new AlertChannel(Guid.Empty, "ops", receiver.Url + "/ops")], 0));
        var channel = saved.Settings.Channels[0].Id;
        var stream = Guid.NewGuid();
        var raised = await Portal.Services.GetRequiredService<BudgetMonthStream>().WriteAsync(Diego.TenantId, stream, state => BudgetAlertDecisions.Check(
            state, new BudgetRule("cfo", 1m, [100], BudgetAtLimit.Block), "2020-12", 1m, [channel], Guid.CreateVersion7, DateTimeOffset.UtcNow), CancellationToken.None);
        var alert = ((BudgetThresholdCrossed)Assert.Single(raised)).AlertId;
        var job = Portal.Services.GetRequiredService<DeliverBudgetAlertJob>();
        // The receiver takes the post, and the database goes away before the portal can record it.
        receiver.Answer = _ =>
        {
            Link.Cut();
            return (HttpStatusCode.OK, "{}");
        };

        await Assert.ThrowsAnyAsync<Exception>(() => job.DeliverAsync(Diego.TenantId, stream, alert, channel, "job-1", lastTry: false, CancellationToken.None));
        Link.Restore();
        receiver.Answer = _ => (HttpStatusCode.OK, "{}");
        // Hangfire's retry of the same job.
        await Eventually.Until(async () =>
        {
            try
            {
                await job.DeliverAsync(Diego.TenantId, stream, alert, channel, "job-1", lastTry: false, CancellationToken.None);
                return true;
            }
            catch (Exception exception) when (DatabaseOutage.IsUnreachable(exception))
            {
                return false;
            }
        }, done => done, "the database to be back");

        Assert.Single(receiver.Received);
        await using var session = Portal.Services.GetRequiredService<IDocumentStore>().QuerySession(Diego.TenantId);
        var view = await session.LoadAsync<BudgetAlertView>(stream);
        Assert.Equal(AlertDelivery.Unknown, Assert.Single(view!.Alerts).Delivery);
    }
}
