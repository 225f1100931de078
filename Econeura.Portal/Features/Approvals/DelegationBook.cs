using Econeura.Domain.Approvals;
using Econeura.Portal.Features.Identity;
using Econeura.Portal.Infrastructure.LiveUpdates;

namespace Econeura.Portal.Features.Approvals;

/// <summary>What became of a request to delegate.</summary>
public abstract record DelegationOutcome
{
    public sealed record Made(Delegation Delegation) : DelegationOutcome;

    public sealed record Refused(IReadOnlyList<DelegationProblem> Problems) : DelegationOutcome;
}

/// <summary>
/// The tenant's out-of-office delegations, kept as documents (a delegation is a setting people edit, not a workflow):
/// approvers make and end their own, admins end anyone's. Pages that show who covers whom hear of every change, made on
/// any portal process: each commit announces it on the stream-change channel, as stream writes do.
/// </summary>
public sealed class DelegationBook(IDocumentStore store, People people, StreamChangeNotifier notifier, TimeProvider time)
{
    /// <summary>
    /// Calls <paramref name="changed"/> after a delegation of the tenant is made or ended on any portal process, and when
    /// changes may have been missed (the listener reconnected). Dispose the result to stop.
    /// </summary>
    public IDisposable Watch(string tenantId, Func<Task> changed) =>
        notifier.Subscribe(tenantId, batch => batch.Resync || batch.Items.Contains(ChangeId(tenantId)) ? changed() : Task.CompletedTask);

    /// <summary>Delegations are documents, not a stream: this id stands for "the tenant's delegations" on the channel.</summary>
    private static Guid ChangeId(string tenantId) => StableIds.From($"delegations|{tenantId}");

    /// <summary>Heard by every process once the session commits, never before (a NOTIFY in a transaction waits for its COMMIT).</summary>
    private static void Announce(IDocumentSession session) =>
        session.QueueSqlCommand("select pg_notify(?, ?)", NotifyStreamChanges.Channel, StreamChange.Format(session.TenantId, ChangeId(session.TenantId)));

    /// <summary>Every delegation of the tenant, the latest start first; ended and past ones too, for the record.</summary>
    public async Task<IReadOnlyList<Delegation>> AllAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(tenantId);
        return await session.Query<Delegation>().OrderByDescending(d => d.Starts).Take(500).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Whom <paramref name="user"/> stands in for now, with the groups each was in at their last sign-in; only those who
    /// still held the Approver role then: a delegate stands in for an approver, never for someone who lost the role.
    /// </summary>
    public async Task<IReadOnlyList<Principal>> ActingForAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        var running = Delegations.ActingFor(user.UserId, await AllAsync(user.TenantId, cancellationToken), time.GetUtcNow());
        var approvers = (await people.HoldingAsync(user.TenantId, AppRoles.Approver, cancellationToken)).ToDictionary(p => p.Id);
        return [.. running.Where(d => approvers.ContainsKey(d.DelegatorId))
            .Select(d => new Principal(d.DelegatorId, d.DelegatorName, ApproverGroups.Of(approvers[d.DelegatorId].Roles)))];
    }

    /// <summary>
    /// <paramref name="delegator"/> hands their approvals to <paramref name="delegateId"/> from the start of
    /// <paramref name="from"/> to the end of <paramref name="to"/>, both days in <paramref name="zone"/> (the reader's).
    /// </summary>
    public async Task<DelegationOutcome> MakeAsync(
        PortalUser delegator, string delegateId, DateOnly from, DateOnly to, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        var colleague = await people.FindAsync(delegator.TenantId, delegateId, cancellationToken);
        var proposed = new Delegation(Guid.NewGuid(), delegator.UserId, delegator.DisplayName, delegateId, colleague?.Name ?? delegateId,
            StartOf(from, zone), StartOf(to.AddDays(1), zone));
        await using var session = store.LightweightSession(delegator.TenantId);
        var existing = await session.Query<Delegation>().Where(d => d.Ends > time.GetUtcNow()).ToListAsync(cancellationToken);
        var problems = Delegations.Check(proposed, colleague?.Holds(AppRoles.Approver) == true, existing, time.GetUtcNow());
        if (problems.Count > 0) return new DelegationOutcome.Refused(problems);
        session.Store(proposed);
        Announce(session);
        await session.SaveChangesAsync(cancellationToken);
        return new DelegationOutcome.Made(proposed);
    }

    /// <summary>Ends a delegation now: its delegator may, and so may an admin of the tenant. False when there is none to end.</summary>
    public async Task<bool> EndAsync(PortalUser by, Guid delegationId, CancellationToken cancellationToken = default)
    {
        await using var session = store.LightweightSession(by.TenantId);
        var now = time.GetUtcNow();
        if (await session.LoadAsync<Delegation>(delegationId, cancellationToken) is not { } delegation || delegation.Until <= now) return false;
        if (delegation.DelegatorId != by.UserId && !by.IsAdmin) return false;
        session.Store(delegation with { EndedAt = now, EndedBy = by.DisplayName });
        Announce(session);
        await session.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
