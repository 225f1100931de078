namespace Econeura.Domain.FinOps;

/// <summary>
/// One priced call to an agent, on the execution's stream: what it cost and every dimension finance reads it by, so the
/// spend projections need nothing but this event. <see cref="Day"/> is the tenant's local day, which decides its month.
/// <see cref="CostEur"/> is exact, never rounded. <see cref="CachedInputTokens"/> (part of the input) and
/// <see cref="ReasoningTokens"/> (part of the output) were added later: a cost recorded before them reads as none.
/// <see cref="RequesterCostCentre"/> is the requester's cost centre as it was when the request was made (none before
/// cost centres existed, or for someone without one).
/// <see cref="Unconfirmed"/>: the call's reply was lost (its worker or node died, or it could not be saved), so it is
/// charged at the most it could cost (<c>CallBound</c>), not at what the agent reported.
/// </summary>
public sealed record CostRecorded(
    Guid ExecutionId,
    int Attempt,
    string AgentId,
    string Department,
    string RequestedBy,
    string RequestedByName,
    string Model,
    int InputTokens,
    int OutputTokens,
    decimal CostEur,
    DateOnly PriceEffectiveFrom,
    DateOnly Day,
    DateTimeOffset RecordedAt,
    int CachedInputTokens = 0,
    int ReasoningTokens = 0,
    string? RequesterCostCentre = null,
    bool Unconfirmed = false);

/// <summary>What a call is charged at and on which local day, handed to the decisions that record it.</summary>
public sealed record Charge(PriceRule Price, DateOnly Day);
