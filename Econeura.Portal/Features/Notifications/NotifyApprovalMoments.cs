using Econeura.Domain.Approvals;
using Marten.Services;

namespace Econeura.Portal.Features.Notifications;

/// <summary>
/// Plans the notices of a commit that opened, escalated or decided an approval request, wherever in the portal it was
/// written: in the commit itself it records what is owed (<see cref="OwedNotice"/>), and after the commit it hands the
/// planning to Hangfire. A process that stops in between loses only the fast path: the sweep plans what is still owed.
/// </summary>
public sealed class NotifyApprovalMoments(IServiceProvider services) : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var owed = session.PendingChanges.Streams().SelectMany(stream => stream.Events.Select(e => Moment(e.Data, stream.Id))).OfType<(Guid, ApprovalMoment)>();
        foreach (var (approvalId, moment) in owed.Distinct())
        {
            session.Store(new OwedNotice
            {
                Id = OwedNotice.IdFor(approvalId, moment), TenantId = session.TenantId, ApprovalId = approvalId, Moment = moment, OwedSince = now,
            });
        }
        return Task.CompletedTask;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var e in commit.GetEvents())
        {
            // Resolved here, not when Marten is configured: the job client is built after the store.
            if (Moment(e.Data, e.StreamId) is var (approvalId, moment))
                PlanNotificationsJob.Enqueue(services.GetRequiredService<IBackgroundJobClient>(), e.TenantId, approvalId, moment);
        }
        return Task.CompletedTask;
    }

    private static (Guid ApprovalId, ApprovalMoment Moment)? Moment(object data, Guid streamId) => data switch
    {
        ApprovalRequested => (streamId, ApprovalMoment.Requested),
        ApprovalEscalated => (streamId, ApprovalMoment.Escalated),
        ApprovalGranted or ApprovalRejected or ApprovalExpired => (streamId, ApprovalMoment.Decided),
        _ => null,
    };
}
