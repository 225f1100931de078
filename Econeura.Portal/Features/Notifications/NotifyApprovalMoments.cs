using Econeura.Domain.Approvals;
using Marten.Services;

namespace Econeura.Portal.Features.Notifications;

/// <summary>
/// Plans the notices of a commit that opened (or, sent back, opened again), escalated or decided an approval request,
/// wherever in the portal it was written: in the commit itself it records what is owed (<see cref="OwedNotice"/>), and
/// after the commit it hands the planning to Hangfire. A process that stops in between loses only the fast path: the
/// sweep plans what is still owed.
/// </summary>
public sealed class NotifyApprovalMoments(IServiceProvider services) : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var owed = session.PendingChanges.Streams().SelectMany(stream => stream.Events.SelectMany(e => Moments(e.Data, stream.Id)));
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
            foreach (var (approvalId, moment) in Moments(e.Data, e.StreamId))
                PlanNotificationsJob.Enqueue(services.GetRequiredService<IBackgroundJobClient>(), e.TenantId, approvalId, moment);
        }
        return Task.CompletedTask;
    }

    private static IEnumerable<(Guid ApprovalId, ApprovalMoment Moment)> Moments(object data, Guid streamId)
    {
        switch (data)
        {
            case ApprovalRequested requested:
                yield return (streamId, ApprovalMoment.Requested);
                // A request sent back at its turn to run also tells its requester and those who approved it what changed.
                if (requested.SentBack is not null) yield return (streamId, ApprovalMoment.SentBack);
                break;
            case ApprovalEscalated:
                yield return (streamId, ApprovalMoment.Escalated);
                break;
            case ApprovalGranted or ApprovalRejected or ApprovalExpired:
                yield return (streamId, ApprovalMoment.Decided);
                break;
        }
    }
}
