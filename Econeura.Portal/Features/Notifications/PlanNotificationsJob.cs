using Econeura.Domain.Approvals;
using Econeura.Domain.Notifications;
using Econeura.Portal.Features.Approvals;
using Econeura.Portal.Features.Identity;

namespace Econeura.Portal.Features.Notifications;

/// <summary>The moments of an approval request that tell someone something.</summary>
public enum ApprovalMoment
{
    Requested,
    Escalated,
    Decided,
    Reminder,

    /// <summary>An approved request went back for approval at its turn to run.</summary>
    SentBack,
}

/// <summary>
/// Decides who is told of a moment of a request, and how (each person's choice, else the tenant's default), records one
/// delivery per person and channel, and hands the new ones to <see cref="DeliverNotificationJob"/>. A delivery's id names
/// what it is about, so a second run of this job finds the first one's deliveries and sends nothing twice.
/// </summary>
public sealed class PlanNotificationsJob(
    IDocumentStore store, ApprovalRecipients recipients, People people, NotificationSettingsStore settings, IBackgroundJobClient jobs, TimeProvider time)
{
    public static void Enqueue(IBackgroundJobClient jobs, string tenantId, Guid approvalId, ApprovalMoment moment) =>
        jobs.Enqueue<PlanNotificationsJob>(job => job.PlanAsync(tenantId, approvalId, moment, CancellationToken.None));

    [AutomaticRetry(Attempts = 5)]
    public async Task PlanAsync(string tenantId, Guid approvalId, ApprovalMoment moment, CancellationToken cancellationToken)
    {
        ApprovalView? request;
        await using (var session = store.QuerySession(tenantId))
            request = await session.LoadAsync<ApprovalView>(approvalId, cancellationToken);
        if (request is not null) await TellAsync(tenantId, request, moment, cancellationToken);
        // Planned, and its deliveries handed out (or a request that never was): the commit owes nothing more.
        await using var done = store.LightweightSession(tenantId);
        done.Delete<OwedNotice>(OwedNotice.IdFor(approvalId, moment));
        await done.SaveChangesAsync(cancellationToken);
    }

    private async Task TellAsync(string tenantId, ApprovalView request, ApprovalMoment moment, CancellationToken cancellationToken)
    {
        var (kind, audience) = moment switch
        {
            ApprovalMoment.Requested when request.IsPending =>
                (NotificationKind.NewRequest, await recipients.WhoMayDecideAsync(tenantId, request, cancellationToken)),
            ApprovalMoment.Escalated when request.IsPending =>
                (NotificationKind.NewRequest, await recipients.EscalationGroupAsync(tenantId, request, cancellationToken)),
            ApprovalMoment.Reminder when request.IsPending =>
                (NotificationKind.Reminder, await recipients.WhoMayDecideAsync(tenantId, request, cancellationToken)),
            ApprovalMoment.Decided when request.Status is ApprovalStatus.Approved or ApprovalStatus.Rejected or ApprovalStatus.Expired =>
                (NotificationKind.Decision, await people.FindAsync(tenantId, request.RequestedBy, cancellationToken) is { } requester ? [requester] : []),
            ApprovalMoment.SentBack when request.SentBack is { } because =>
                (NotificationKind.SentBack, await PeopleAsync(tenantId, [request.RequestedBy, .. because.DecidedBy], cancellationToken)),
            _ => (NotificationKind.NewRequest, (IReadOnlyList<KnownPerson>)[]),
        };
        foreach (var id in await RecordAsync(tenantId, request.Id, kind, moment, audience, cancellationToken))
            DeliverNotificationJob.Enqueue(jobs, tenantId, id);
    }

    private async Task<IReadOnlyList<KnownPerson>> PeopleAsync(string tenantId, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var found = new List<KnownPerson>();
        foreach (var id in ids.Distinct())
            if (await people.FindAsync(tenantId, id, cancellationToken) is { } person) found.Add(person);
        return found;
    }

    public static void EnqueueBudgetAlert(IBackgroundJobClient jobs, string tenantId, Guid streamId, Guid alertId) =>
        jobs.Enqueue<PlanNotificationsJob>(job => job.PlanBudgetAlertAsync(tenantId, streamId, alertId, CancellationToken.None));

    /// <summary>
    /// A budget alert that calls for attention (a threshold crossed, unusual spend) is planned for everyone holding
    /// Finance, each as they chose for budget alerts; the tenant's alert channels get it as they always did.
    /// </summary>
    [AutomaticRetry(Attempts = 5)]
    public async Task PlanBudgetAlertAsync(string tenantId, Guid streamId, Guid alertId, CancellationToken cancellationToken)
    {
        var finance = await people.HoldingAsync(tenantId, AppRoles.Finance, cancellationToken);
        foreach (var id in await RecordAsync(tenantId, alertId, NotificationKind.BudgetAlert, null, finance, cancellationToken, streamId))
            DeliverNotificationJob.Enqueue(jobs, tenantId, id);
    }

    /// <summary>Records the deliveries not recorded yet; returns those to send now (held ones wait for the digest).</summary>
    /// <param name="moment">The request's moment; null for a budget alert (<paramref name="alertStreamId"/> its budget-month stream).</param>
    private async Task<IReadOnlyList<Guid>> RecordAsync(
        string tenantId, Guid topicId, NotificationKind kind, ApprovalMoment? moment, IReadOnlyList<KnownPerson> audience, CancellationToken cancellationToken,
        Guid? alertStreamId = null)
    {
        if (audience.Count == 0) return [];
        var tenant = await settings.TenantAsync(tenantId, cancellationToken);
        var now = time.GetUtcNow();
        var planned = new List<NotificationDelivery>();
        var onTeams = new List<KnownPerson>();
        foreach (var person in audience)
        {
            var choices = (await settings.PersonAsync(tenantId, person.Id, cancellationToken)).Choices;
            switch (NotificationPreferences.Resolve(choices, tenant.Defaults, kind))
            {
                case NotificationChoice.Email:
                    planned.Add(Delivery(NotificationChannel.Email, person.Id, person.Name, person.Culture,
                        choices.Digest ? DeliveryStatus.Held : DeliveryStatus.Queued));
                    break;
                case NotificationChoice.Teams:
                    onTeams.Add(person);
                    break;
            }
        }
        // The tenant's channels get one message per moment, however many people it is for, in the tenant's language.
        if (onTeams.Count > 0)
            planned.Add(Delivery(NotificationChannel.Teams, null, string.Join(", ", onTeams.Select(p => p.Name)), tenant.Culture, DeliveryStatus.Queued));
        // A budget alert already reaches the tenant's alert webhooks (FinOps channels): not this one as well.
        if (tenant.WebhookUrlProtected is not null && alertStreamId is null)
            planned.Add(Delivery(NotificationChannel.Webhook, null, string.Join(", ", audience.Select(p => p.Name)), tenant.Culture, DeliveryStatus.Queued));

        await using var session = store.LightweightSession(tenantId);
        var known = (await session.LoadManyAsync<NotificationDelivery>(cancellationToken, planned.Select(d => d.Id))).Select(d => d.Id).ToHashSet();
        var fresh = planned.Where(d => !known.Contains(d.Id)).ToList();
        if (fresh.Count == 0) return [];
        session.Insert(fresh.ToArray());
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (IsDuplicate(exception))
        {
            // Another run recorded them in between: that run sends them.
            return [];
        }
        return fresh.Where(d => d.Status == DeliveryStatus.Queued).Select(d => d.Id).ToList();

        NotificationDelivery Delivery(NotificationChannel channel, string? recipientId, string name, string culture, DeliveryStatus status) => new()
        {
            // A tenant channel is told once per moment (the escalation tells the channel again, for the admins).
            Id = NotificationDelivery.IdFor(topicId, kind, channel, recipientId ?? moment?.ToString()),
            TenantId = tenantId, Kind = kind, Channel = channel, RecipientId = recipientId, RecipientName = name, Culture = culture, TopicId = topicId,
            Status = status, QueuedAt = now, AlertStreamId = alertStreamId,
        };
    }

    private static bool IsDuplicate(Exception? exception) =>
        exception is not null && (exception is JasperFx.ConcurrencyException
            || exception is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } || IsDuplicate(exception.InnerException));
}
