using Econeura.Domain.Approvals;

namespace Econeura.Portal.Features.Approvals;

/// <summary>
/// Moves pending approvals along their escalation chain as each stage's deadline passes, and expires those whose last
/// one did (rejected, or returned to the requester, as the policy said). Each request has a check scheduled at each
/// deadline; a sweep every minute, and once at start, catches whatever those
/// missed (a deadline that passed while no server ran). Re-reading the stream makes a second run harmless.
/// </summary>
public sealed partial class ApprovalDeadlinesJob(IDocumentStore store, IApprovalSettlement work, TimeProvider time, ILogger<ApprovalDeadlinesJob> logger)
{
    public const string RecurringJobId = "approval-deadlines";

    /// <summary>Schedules the checks of a new request's deadlines, one per stage of its chain; called after the commit that opened it.</summary>
    public static void Schedule(IBackgroundJobClient jobs, string tenantId, ApprovalRequested approval)
    {
        for (var stage = 0; stage < approval.Stages.Count; stage++)
            jobs.Schedule<ApprovalDeadlinesJob>(job => job.CheckAsync(tenantId, approval.ApprovalId, CancellationToken.None),
                EscalationChains.EndOf(approval.RequestedAt, approval.Stages, stage));
    }

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<(string TenantId, Guid Id)> due;
        await using (var session = store.QuerySession())
        {
            var rows = await session.Query<ApprovalView>()
                .Where(x => x.AnyTenant())
                .Where(x => x.Status == ApprovalStatus.Pending && (x.ExpireAt <= now || x.NextStageAt <= now))
                .Select(x => new { x.TenantId, x.Id })
                .Take(500)
                .ToListAsync(cancellationToken);
            due = rows.Select(r => (r.TenantId, r.Id)).ToList();
        }
        foreach (var (tenantId, id) in due) await CheckAsync(tenantId, id, cancellationToken);
    }

    [AutomaticRetry(Attempts = 3)]
    public async Task CheckAsync(string tenantId, Guid approvalId, CancellationToken cancellationToken)
    {
        // A decision that lands first wins the race; if the deadline still matters then, the next sweep sees it.
        var write = await store.DecideAsync(tenantId, approvalId, approval =>
            {
                var taken = ApprovalDecisions.CheckDeadlines(approval, time.GetUtcNow());
                return new Decision<ApprovalDecision>(taken.ApprovalEvents, taken);
            },
            new WriteRules<Approval, ApprovalDecision>(
                Alongside: (session, approval, decided, token) => work.SettleAsync(session, approval, decided.Events, token)),
            cancellationToken);
        if (write is StreamWrite<Approval, ApprovalDecision>.Written { Appended: [var outcome, ..] }) LogDeadline(approvalId, outcome.GetType().Name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval {ApprovalId} reached a deadline: {Outcome}")]
    private partial void LogDeadline(Guid approvalId, string outcome);
}
