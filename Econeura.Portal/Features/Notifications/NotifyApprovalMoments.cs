using Econeura.Domain.Approvals;
using Marten.Services;

namespace Econeura.Portal.Features.Notifications;

/// <summary>
/// After a commit that opened (or, sent back, opened again), escalated or decided an approval request — wherever in the portal it was written — plans
/// its notices. Should the process stop between the commit and this, the request's approvers still get its reminder
/// (<see cref="RemindApproversJob"/> works from the requests themselves).
/// </summary>
public sealed class NotifyApprovalMoments(IServiceProvider services) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var e in commit.GetEvents())
        {
            var moment = e.Data switch
            {
                ApprovalRequested => ApprovalMoment.Requested,
                ApprovalEscalated => ApprovalMoment.Escalated,
                ApprovalGranted or ApprovalRejected or ApprovalExpired => ApprovalMoment.Decided,
                _ => (ApprovalMoment?)null,
            };
            // Resolved here, not when Marten is configured: the job client is built after the store.
            if (moment is { } happened) PlanNotificationsJob.Enqueue(services.GetRequiredService<IBackgroundJobClient>(), e.TenantId, e.StreamId, happened);
            // A request sent back at its turn to run also tells its requester and those who approved it what changed.
            if (e.Data is ApprovalRequested { SentBack: not null })
                PlanNotificationsJob.Enqueue(services.GetRequiredService<IBackgroundJobClient>(), e.TenantId, e.StreamId, ApprovalMoment.SentBack);
        }
        return Task.CompletedTask;
    }
}
