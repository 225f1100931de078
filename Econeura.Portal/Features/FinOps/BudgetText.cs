using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;

namespace Econeura.Portal.Features.FinOps;

/// <summary>What a budget is called in the reader's language.</summary>
public static class BudgetText
{
    /// <summary>A budget scope is the tenant (<see cref="BudgetRule.TenantScope"/>) or a department's id.</summary>
    public static string Name(IStringLocalizer<Strings> l, string? scope) =>
        scope is null or BudgetRule.TenantScope ? l["Budget_Tenant"] : l[$"Department_{scope}"];
}
