using Econeura.Domain.Common;

namespace Econeura.Domain.Approvals;

public enum ApprovalStatus
{
    Pending,
    Approved,
    Rejected,
    Expired,
    Withdrawn,

    /// <summary>Nobody decided in time and the policy handed it back to its requester.</summary>
    Returned,
}

/// <summary>The write-side state of one approval stream.</summary>
public sealed record Approval(
    Guid Id,
    Guid ExecutionId,
    string TenantId,
    string RequestedBy,
    string PayloadHash,
    int Required,
    IReadOnlyList<ApprovalGranted> Grants,
    int Stage,
    DateTimeOffset EscalateAt,
    DateTimeOffset ExpireAt,
    ApprovalStatus Status,
    DateTimeOffset RequestedAt,
    IReadOnlyList<ChainStage> Chain,
    ExpiryAction OnExpiry) : IEventSourced<Approval>
{
    /// <summary>Past the first stage of its chain: more groups than the first may decide.</summary>
    public bool Escalated => Stage > 0;

    /// <summary>Approvals given for the payload as it is now; a grant for an earlier payload no longer counts.</summary>
    public IEnumerable<ApprovalGranted> ValidGrants => Grants.Where(g => g.PayloadHash == PayloadHash);

    /// <summary>Whether <paramref name="personId"/> has a vote that counts, cast by themselves or by a delegate for them.</summary>
    public bool HasVoted(string personId) => ValidGrants.Any(g => g.ApproverId == personId || g.ForId == personId);

    /// <summary>Every event an approval stream may hold: what <see cref="Evolve"/> folds and the store must know by name.</summary>
    public static readonly IReadOnlyList<Type> EventTypes =
    [
        typeof(ApprovalRequested), typeof(ApprovalGranted), typeof(ApprovalRejected),
        typeof(ApprovalEscalated), typeof(ApprovalExpired), typeof(ApprovalWithdrawn), typeof(ApprovalReturned),
    ];

    public static Approval Start(ApprovalRequested e) =>
        new(e.ApprovalId, e.ExecutionId, e.TenantId, e.RequestedBy, e.PayloadHash, e.ApprovalsRequired, [], 0, e.EscalateAt, e.ExpireAt,
            ApprovalStatus.Pending, e.RequestedAt, e.Stages,
            // An expiry action no member names (stored by a later version) fails closed: a rejection.
            Enum.IsDefined(e.OnExpiry) ? e.OnExpiry : ExpiryAction.Reject);

    public static Approval Fold(IReadOnlyList<object> events) => events switch
    {
        [ApprovalRequested first, ..] => events.Skip(1).Aggregate(Start(first), Evolve),
        _ => throw new InvalidOperationException($"An approval stream must start with {nameof(ApprovalRequested)}."),
    };

    public static Approval Evolve(Approval state, object @event) => @event switch
    {
        ApprovalGranted e => state.WithGrant(e),
        ApprovalRejected => state with { Status = ApprovalStatus.Rejected },
        ApprovalEscalated e => state with { Stage = Math.Max(state.Stage, e.Stage) },
        ApprovalExpired => state with { Status = ApprovalStatus.Expired },
        ApprovalReturned => state with { Status = ApprovalStatus.Returned },
        ApprovalWithdrawn => state with { Status = ApprovalStatus.Withdrawn },
        _ => throw new InvalidOperationException($"Unknown approval event {@event.GetType().Name}."),
    };

    public Approval After(IEnumerable<object> events) => events.Aggregate(this, Evolve);

    private Approval WithGrant(ApprovalGranted grant)
    {
        var granted = this with { Grants = [.. Grants, grant] };
        return granted.ValidGrants.Count() >= Required ? granted with { Status = ApprovalStatus.Approved } : granted;
    }
}
