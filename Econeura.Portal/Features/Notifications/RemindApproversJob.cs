using Econeura.Domain.Approvals;
using Econeura.Domain.Notifications;
using Econeura.Portal.Features.Approvals;

namespace Econeura.Portal.Features.Notifications;

/// <summary>Marks that a request's reminder was planned, so the minute's sweep passes it by afterwards.</summary>
public sealed class ApprovalReminded
{
    public Guid Id { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// Every minute: reminds the approvers of each waiting request once, at the tenant's share of its time to escalation;
/// sends the daily digests at their hour; plans again the notices a commit still owes (the process stopped before it
/// handed them to Hangfire); and hands out again deliveries whose job was lost before it started.
/// </summary>
public sealed class RemindApproversJob(IDocumentStore store, NotificationSettingsStore settings, PlanNotificationsJob planner,
    IOptions<NotificationOptions> options, IBackgroundJobClient jobs, TimeProvider time)
{
    public const string RecurringJobId = "notification-reminders";

    /// <summary>How long a recorded delivery may wait for its job before it is handed out again.</summary>
    public static readonly TimeSpan Stranded = TimeSpan.FromMinutes(5);

    /// <summary>How long a commit's notice may stay owed before it is planned again: its planning takes milliseconds.</summary>
    public static readonly TimeSpan Unplanned = TimeSpan.FromMinutes(1);

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await RemindAsync(cancellationToken);
        await SendDigestsAsync(cancellationToken);
        await PlanOwedAsync(cancellationToken);
        await RequeueStrandedAsync(cancellationToken);
    }

    public async Task RemindAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<ApprovalView> waiting;
        await using (var session = store.QuerySession())
            waiting = [.. await session.Query<ApprovalView>().Where(x => x.AnyTenant()).Where(x => x.Status == ApprovalStatus.Pending)
                .OrderBy(x => x.RequestedAt).Take(1000).ToListAsync(cancellationToken)];
        foreach (var tenantRequests in waiting.GroupBy(r => r.TenantId))
        {
            var share = (await settings.TenantAsync(tenantRequests.Key, cancellationToken)).ReminderShare;
            var due = tenantRequests.Where(r => ReminderSchedule.DueAt(r.RequestedAt, r.EscalateAt, share) <= now).ToList();
            if (due.Count == 0) continue;
            await using var session = store.LightweightSession(tenantRequests.Key);
            var reminded = (await session.LoadManyAsync<ApprovalReminded>(cancellationToken, due.Select(r => r.Id))).Select(r => r.Id).ToHashSet();
            foreach (var request in due.Where(r => !reminded.Contains(r.Id)))
            {
                // Planned before it is marked: a crash in between plans it again, and the deliveries' ids keep it to one each.
                await planner.PlanAsync(request.TenantId, request.Id, ApprovalMoment.Reminder, cancellationToken);
                session.Store(new ApprovalReminded { Id = request.Id, At = now });
                await session.SaveChangesAsync(cancellationToken);
            }
        }
    }

    /// <summary>Gathers each person's held messages into one mail, once a day at <see cref="NotificationOptions.DigestHourUtc"/>.</summary>
    public async Task SendDigestsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var hour = new DateTimeOffset(today.ToDateTime(new TimeOnly(options.Value.DigestHourUtc, 0)), TimeSpan.Zero);
        if (now < hour) return;
        List<NotificationDelivery> held;
        await using (var session = store.QuerySession())
            held = [.. await session.Query<NotificationDelivery>().Where(x => x.AnyTenant())
                .Where(d => d.Status == DeliveryStatus.Held && d.QueuedAt < hour).Take(5000).ToListAsync(cancellationToken)];
        foreach (var person in held.GroupBy(d => (d.TenantId, d.RecipientId)))
        {
            var items = person.OrderBy(d => d.QueuedAt).ToList();
            var digest = new NotificationDelivery
            {
                Id = NotificationDelivery.DigestIdFor(person.Key.RecipientId ?? "", today), TenantId = person.Key.TenantId, Kind = items[0].Kind,
                Channel = NotificationChannel.Email,
                RecipientId = person.Key.RecipientId, RecipientName = items[0].RecipientName, Culture = items[^1].Culture,
                Status = DeliveryStatus.Queued, QueuedAt = now, DigestOf = [.. items.Select(d => d.Id)],
            };
            await using var session = store.LightweightSession(person.Key.TenantId);
            if (await session.LoadAsync<NotificationDelivery>(digest.Id, cancellationToken) is not null) continue;
            session.Insert(digest);
            foreach (var item in items)
            {
                item.Status = DeliveryStatus.Digested;
                item.DigestId = digest.Id;
                session.UpdateRevision(item, item.Version + 1);
            }
            await session.SaveChangesAsync(cancellationToken);
            DeliverNotificationJob.Enqueue(jobs, person.Key.TenantId, digest.Id);
        }
    }

    public async Task PlanOwedAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - Unplanned;
        await using var session = store.QuerySession();
        var owed = await session.Query<OwedNotice>().Where(x => x.AnyTenant()).Where(n => n.OwedSince < before)
            .OrderBy(n => n.OwedSince).Take(500).ToListAsync(cancellationToken);
        foreach (var notice in owed) PlanNotificationsJob.Enqueue(jobs, notice.TenantId, notice.ApprovalId, notice.Moment);
    }

    private async Task RequeueStrandedAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - Stranded;
        await using var session = store.QuerySession();
        var stranded = await session.Query<NotificationDelivery>().Where(x => x.AnyTenant())
            .Where(d => d.Status == DeliveryStatus.Queued && d.Attempts == 0 && d.QueuedAt < before)
            .Select(d => new { d.Id, d.TenantId }).Take(500).ToListAsync(cancellationToken);
        foreach (var delivery in stranded) DeliverNotificationJob.Enqueue(jobs, delivery.TenantId, delivery.Id);
    }
}
