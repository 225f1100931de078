using Econeura.Portal.Tests.Approvals;
using Hangfire;
using Econeura.Portal.Tests.FinOps;
using Xunit.Abstractions;

namespace Econeura.Portal.Tests.Notifications;

/// <summary>
/// Measures, not asserts (run by bench/notification-latency.sh): from a request's commit to its mail in the test SMTP
/// server and to its card at the Teams receiver (plan job, then delivery job, over real SMTP and HTTP), beside a no-op
/// Hangfire job's enqueue-to-run time in the same run: the queue each of the two hops rides on.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class NotificationLatencyBenchmark(NotificationFixture fixture, ITestOutputHelper output) : IClassFixture<NotificationFixture>
{
    private const int Runs = 200;
    private static readonly PortalUser Ana = PortalFixture.User("ana");

    [Fact]
    public async Task Notification_latency_from_the_requests_commit_to_the_mail_and_the_card()
    {
        await using var teams = await WebhookReceiver.StartAsync();
        var store = fixture.Service<NotificationSettingsStore>();
        var current = await store.TenantAsync(Ana.TenantId);
        Assert.IsType<NotificationSettingsSave.Saved>(await store.SaveTenantAsync(PortalFixture.User("diego"),
            new TenantNotificationForm(current.Defaults, current.ReminderShare, teams.Url, null, current.Version)));
        // Bruno is told on Teams, Diego by mail.
        Assert.True(await store.SavePersonAsync(PortalFixture.User("bruno"),
            new Dictionary<NotificationKind, NotificationChoice> { [NotificationKind.NewRequest] = NotificationChoice.Teams }, digest: false, 0));
        var jobs = fixture.Service<IBackgroundJobClient>();
        var (mails, cards, noOps) = (new List<double>(), new List<double>(), new List<double>());
        for (var run = 0; run < Runs + 10; run++)
        {
            var request = await fixture.RequestApprovalAsync(Ana, $"Revisa la cláusula {run} del contrato marco.");
            var committedAt = DateTimeOffset.UtcNow;
            var id = request.Id.ToString();
            var mail = await Eventually.Until(() => Task.FromResult(fixture.Mail.Received.FirstOrDefault(m => m.Text.Contains(id))), m => m is not null, "the mail");
            var card = await Eventually.Until(() => Task.FromResult(teams.Received.FirstOrDefault(r => r.Body.Contains(id))), r => r is not null, "the card");

            var ran = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
            var probe = Guid.NewGuid();
            NoOpProbe.Waiting[probe] = ran;
            var enqueuedAt = DateTimeOffset.UtcNow;
            jobs.Enqueue<NoOpProbe>(job => job.Run(probe));
            var ranAt = await ran.Task.WaitAsync(TimeSpan.FromSeconds(30));
            if (run < 10) continue; // warm-up
            mails.Add((mail!.At - committedAt).TotalMilliseconds);
            cards.Add((card!.At - committedAt).TotalMilliseconds);
            noOps.Add((ranAt - enqueuedAt).TotalMilliseconds);
        }
        foreach (var (what, figures) in new[] { ("notification latency, request commit to mail in the SMTP server", mails),
                     ("notification latency, request commit to card at the Teams receiver", cards),
                     ("baseline, no-op Hangfire job enqueue to run (one of the two hops)", noOps) })
        {
            figures.Sort();
            output.WriteLine($"{what} ({Runs}): p50 {Measure.Percentile(figures, 0.5):F1} ms, p99 {Measure.Percentile(figures, 0.99):F1} ms, " +
                             $"max {figures[^1]:F1} ms");
        }
    }
}
