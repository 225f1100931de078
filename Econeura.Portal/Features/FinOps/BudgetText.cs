using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;
using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

/// <summary>What a budget is called in the reader's language.</summary>
public static class BudgetText
{
    /// <summary>
    /// The company (<see cref="BudgetRule.TenantScope"/>), a department, a person (<paramref name="personName"/> when known,
    /// else the user's id) or an agent (by its id), as in "the budget of …".
    /// </summary>
    public static string Name(IStringLocalizer<Strings> l, string? scope, string? personName = null) => BudgetScope.Parse(scope
        ?? BudgetRule.TenantScope) switch
    {
        { Kind: BudgetOwnerKind.Tenant } => l["Budget_Tenant"],
        { Kind: BudgetOwnerKind.Person, Id: var id } => string.IsNullOrWhiteSpace(personName) ? l["Budget_PersonById", id] : personName,
        { Kind: BudgetOwnerKind.Agent, Id: var id } => l["Budget_Agent", id],
        _ => l[$"Department_{scope}"],
    };
}
