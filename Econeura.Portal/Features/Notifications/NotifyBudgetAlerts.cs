using Econeura.Domain.FinOps;
using Marten.Services;

namespace Econeura.Portal.Features.Notifications;

/// <summary>
/// After a commit that raised a budget alert calling for attention (a threshold crossed, unusual spend), plans its mails
/// and Teams messages to finance staff. Planned from the commit, so FinOps knows nothing of notifications.
/// </summary>
public sealed class NotifyBudgetAlerts(IServiceProvider services) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var e in commit.GetEvents())
        {
            var alertId = e.Data switch
            {
                BudgetThresholdCrossed crossed => crossed.AlertId,
                SpendAnomalyFlagged flagged => flagged.AlertId,
                _ => (Guid?)null,
            };
            // Resolved here, not when Marten is configured: the job client is built after the store.
            if (alertId is { } id)
                PlanNotificationsJob.EnqueueBudgetAlert(services.GetRequiredService<IBackgroundJobClient>(), e.TenantId, e.StreamId, id);
        }
        return Task.CompletedTask;
    }
}
