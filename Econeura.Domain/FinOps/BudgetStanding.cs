namespace Econeura.Domain.FinOps;

/// <summary>How the month's budget stands for a scope of a request (the tenant, its department, its requester, its agent).</summary>
/// <param name="AtLimitNeedsApproval">At 100 % the budget's policy sends requests to approval rather than blocking them.</param>
/// <param name="ReservedEur">Held for runs accepted and not yet ended (queued, waiting for people, in flight, retrying).</param>
/// <param name="RequestEur">The estimate of the request being decided, which would be reserved in turn.</param>
/// <param name="OwnerName">The person's name, for a person's budget: what people read instead of an id.</param>
public sealed record BudgetStanding(
    string Scope, decimal SpentEur, decimal LimitEur, bool AtLimitNeedsApproval, decimal ReservedEur = 0, decimal RequestEur = 0, string? OwnerName = null)
{
    /// <summary>What the month has spent and has promised to runs already accepted.</summary>
    public decimal CommittedEur => SpentEur + ReservedEur;

    public decimal Share => LimitEur <= 0 ? 1m : CommittedEur / LimitEur;

    /// <summary>The month's spend and promises have reached the limit, or this request would take them past it.</summary>
    public bool Exhausted => CommittedEur >= LimitEur || CommittedEur + RequestEur > LimitEur;

    /// <summary>Spent, and its policy stops new requests rather than sending them to approval.</summary>
    public bool Blocks => Exhausted && !AtLimitNeedsApproval;
}
