using System.Text.RegularExpressions;
using Econeura.Portal.Tests.Approvals;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Econeura.Portal.Tests.Notifications;

/// <summary>
/// Measures, not asserts (run by bench/reminder-effect.sh): of the medium-risk requests of the demo policy (one approval,
/// escalation at 4 h, expiry at 24 h), how many expire without reminders and how many with them. Everything but the
/// people is real: the portal's own sweeps run under a shifted clock through each request's day, the mails go through
/// SMTP, and a decision is taken through the approval desk. The people are a model, said in the output: each mail an
/// approver receives about a request that still waits gets it decided with the same chance, drawn from one seed for
/// both runs; nobody opens the queue unprompted.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed partial class ReminderEffectBenchmark(NotificationFixture fixture, ITestOutputHelper output) : IClassFixture<NotificationFixture>
{
    private const int Requests = 60;
    private const double ChanceAMailIsActedOn = 0.3;
    private static readonly PortalUser Ana = PortalFixture.User("ana");

    [Fact]
    public async Task Requests_that_expire_without_reminders_and_with_them()
    {
        var without = await RunAsync(reminders: false);
        var with = await RunAsync(reminders: true);

        output.WriteLine($"reminder effect, model: each mail acted on with p = {ChanceAMailIsActedOn}, {Requests} medium-risk requests per run, same seed");
        output.WriteLine($"baseline, expired without reminders: {without.Expired}/{Requests} ({without.Mails} mails to approvers)");
        output.WriteLine($"reminder effect, expired with reminders: {with.Expired}/{Requests} ({with.Mails} mails to approvers); " +
                         $"{without.Expired - with.Expired} of the {without.Expired} would-be expiries decided " +
                         $"(model's expectation: {Math.Pow(1 - ChanceAMailIsActedOn, 2):P0} → {Math.Pow(1 - ChanceAMailIsActedOn, 4):P0} expire)");
    }

    private async Task<(int Expired, int Mails)> RunAsync(bool reminders)
    {
        var people = new Random(2326);
        var requests = new List<ApprovalView>();
        for (var i = 0; i < Requests; i++) requests.Add(await fixture.RequestApprovalAsync(Ana, $"Revisa la cláusula {i} del contrato de servicios."));
        var ids = requests.Select(r => r.Id).ToList();
        var seen = new HashSet<(string To, Guid Request, string Subject)>();
        var mails = 0;

        await SettleAsync(ids);
        mails += await RespondAsync(ids, seen, people);
        // Each moment a minute after the last request reaches it: the reminder (halfway to escalation), the escalation
        // (which tells the admins: here Diego, told already), the expiry.
        var moments = new List<(DateTimeOffset At, Func<DateTimeOffset, Task> Sweep)>
        {
            (requests.Max(r => r.EscalateAt), at => Later<ApprovalDeadlinesJob>(at).SweepAsync(CancellationToken.None)),
            (requests.Max(r => r.ExpireAt), at => Later<ApprovalDeadlinesJob>(at).SweepAsync(CancellationToken.None)),
        };
        if (reminders)
            moments.Insert(0, (requests.Max(r => ReminderSchedule.DueAt(r.RequestedAt, r.EscalateAt, ReminderSchedule.DefaultShare)),
                at => Later<RemindApproversJob>(at).RemindAsync(CancellationToken.None)));
        foreach (var (at, sweep) in moments)
        {
            await sweep(at + TimeSpan.FromMinutes(1));
            await SettleAsync(ids);
            mails += await RespondAsync(ids, seen, people);
        }

        await using var session = fixture.Store.QuerySession(Ana.TenantId);
        var outcomes = await session.LoadManyAsync<ApprovalView>(ids);
        Assert.All(outcomes, o => Assert.NotEqual(ApprovalStatus.Pending, o.Status));
        return (outcomes.Count(o => o.Status == ApprovalStatus.Expired), mails);
    }

    private T Later<T>(DateTimeOffset at) where T : notnull =>
        ActivatorUtilities.CreateInstance<T>(fixture.Services, (TimeProvider)new ShiftedTime(at - DateTimeOffset.UtcNow));

    /// <summary>Every notice owed about these requests planned, and every delivery planned sent.</summary>
    private async Task SettleAsync(IReadOnlyList<Guid> ids)
    {
        await Eventually.Until(async () =>
        {
            await using var session = fixture.Store.QuerySession(Ana.TenantId);
            var owed = await session.Query<OwedNotice>().Where(n => ids.Contains(n.ApprovalId)).CountAsync();
            var queued = await session.Query<NotificationDelivery>().Where(d => ids.Contains(d.TopicId) && d.Status == DeliveryStatus.Queued).CountAsync();
            return owed + queued;
        }, left => left == 0, "the notices to be sent", timeoutSeconds: 120);
    }

    /// <summary>Each approver reads the mails new to them; a mail about a request that still waits gets it decided with the model's chance.</summary>
    private async Task<int> RespondAsync(IReadOnlyList<Guid> ids, HashSet<(string, Guid, string)> seen, Random people)
    {
        var desk = fixture.Service<ApprovalDesk>();
        var read = 0;
        foreach (var mail in fixture.Mail.Received.OrderBy(m => m.At))
        {
            var link = ApprovalLink().Match(mail.Text);
            if (!link.Success || !Guid.TryParse(link.Groups[1].Value, out var id) || !ids.Contains(id)) continue;
            if (!seen.Add((mail.To, id, mail.Subject))) continue;
            read++;
            if (people.NextDouble() >= ChanceAMailIsActedOn) continue;
            var approver = PortalFixture.User(mail.To.Split('@')[0]);
            // Decided already (by the other approver) is fine: the desk says so and nothing changes.
            await desk.DecideAsync(approver, id, ApprovalVerdict.Approve, null, null, null);
        }
        return read;
    }

    [GeneratedRegex("/approvals/([0-9a-f-]{36})")]
    private static partial Regex ApprovalLink();
}
