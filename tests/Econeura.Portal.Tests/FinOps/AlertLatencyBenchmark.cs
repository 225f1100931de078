using System.Collections.Concurrent;
using System.Diagnostics;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>
/// Measures, not asserts (run by bench/alert-latency.sh): the time from a crossing's commit to the channel receiving
/// its post (queue, claim, post, over real HTTP), beside the time a no-op Hangfire job waits from enqueue to run, in
/// the same process and run: what the delivery adds to the queue it rides on.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class AlertLatencyBenchmark(FinOpsFixture fixture, ITestOutputHelper output) : IClassFixture<FinOpsFixture>
{
    private const int Runs = 200;
    private static readonly PortalUser Diego = PortalFixture.User("diego");

    [Fact]
    public async Task Alert_latency_from_the_crossings_commit_to_the_receiver()
    {
        var channel = (await fixture.SetChannelsAsync(Diego, ("/latency", true)))[0];
        var streams = fixture.Service<BudgetMonthStream>();
        var jobs = fixture.Service<IBackgroundJobClient>();
        var alerts = new List<double>();
        var noOps = new List<double>();
        for (var run = 0; run < Runs + 10; run++)
        {
            // A budget-month of its own each time: one crossing, committed as the monitor commits it, then queued as it queues it.
            var stream = Guid.NewGuid();
            var raised = await streams.WriteAsync(Diego.TenantId, stream, state => BudgetAlertDecisions.Check(
                state, new BudgetRule($"bench-{run}", 1m, [100], BudgetAtLimit.Block), "2020-01", 1m, [channel], Guid.CreateVersion7, DateTimeOffset.UtcNow),
                CancellationToken.None);
            var committedAt = DateTimeOffset.UtcNow;
            var alert = ((BudgetThresholdCrossed)raised.Single()).AlertId;
            DeliverBudgetAlertJob.Enqueue(jobs, Diego.TenantId, stream, alert, channel);
            var received = await Eventually.Until(() => Task.FromResult(fixture.AlertWebhook.Received.FirstOrDefault(r => r.Headers.GetValueOrDefault("Idempotency-Key") == alert.ToString())),
                r => r is not null, "the alert to arrive");

            var ran = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
            var probe = Guid.NewGuid();
            NoOpProbe.Waiting[probe] = ran;
            var enqueuedAt = DateTimeOffset.UtcNow;
            jobs.Enqueue<NoOpProbe>(job => job.Run(probe));
            var ranAt = await ran.Task.WaitAsync(TimeSpan.FromSeconds(30));
            if (run < 10) continue; // warm-up
            alerts.Add((received!.At - committedAt).TotalMilliseconds);
            noOps.Add((ranAt - enqueuedAt).TotalMilliseconds);
        }
        alerts.Sort();
        noOps.Sort();
        output.WriteLine($"alert latency, crossing commit to receiver ({Runs} alerts): p50 {Measure.Percentile(alerts, 0.5):F1} ms, p99 {Measure.Percentile(alerts, 0.99):F1} ms, max {alerts[^1]:F1} ms");
        output.WriteLine($"baseline, no-op Hangfire job enqueue to run ({Runs} jobs): p50 {Measure.Percentile(noOps, 0.5):F1} ms, p99 {Measure.Percentile(noOps, 0.99):F1} ms, max {noOps[^1]:F1} ms");
    }
}

/// <summary>A Hangfire job that does nothing but say when it ran.</summary>
public sealed class NoOpProbe
{
    public static readonly ConcurrentDictionary<Guid, TaskCompletionSource<DateTimeOffset>> Waiting = new();

    public void Run(Guid probe)
    {
        if (Waiting.TryRemove(probe, out var ran)) ran.SetResult(DateTimeOffset.UtcNow);
    }
}
