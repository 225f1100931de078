using System.Globalization;
using Econeura.Portal.Resources;
using Econeura.Portal.Infrastructure.Settings;
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

    /// <summary>
    /// Whether and when a budget's limit is reached, in a sentence: "Límite alcanzado el 3 dic", "A este ritmo, llegará al
    /// límite el 18 dic", "A este ritmo, no llegará al límite este mes".
    /// </summary>
    public static string Outlook(IStringLocalizer<Strings> l, LimitForecast forecast) => forecast switch
    {
        { Outlook: LimitOutlook.Reached, Day: { } day } => l["Finance_LimitReachedOn", day.ToString("M", CultureInfo.CurrentCulture)],
        { Outlook: LimitOutlook.Reached } => l["Finance_LimitReached"],
        { Outlook: LimitOutlook.WillReach, Day: { } day } => l["Finance_LimitWillBeReachedOn", day.ToString("M", CultureInfo.CurrentCulture)],
        _ => l["Finance_LimitNotThisMonth"],
    };

    /// <summary>A budget's history in the words of its form: "Al llegar al 100 %: Bloquear nuevas ejecuciones → Enviarlas a aprobación".</summary>
    public static SettingsWording History(IStringLocalizer<Strings> l) => new(
        field => field switch
        {
            "limitEur" => l["Budgets_Limit"],
            "thresholdsPercent" => l["Budgets_Thresholds"],
            "atLimit" => l["Budgets_AtLimit"],
            "ownerName" => l["Budgets_Person"],
            _ => field,
        },
        (field, value) => field switch
        {
            "limitEur" when decimal.TryParse(value, CultureInfo.InvariantCulture, out var eur) => Formatting.Euros(eur, decimals: 2),
            "thresholdsPercent" => SettingsWording.Percentages(value),
            "atLimit" => l[$"AtLimit_{value}"],
            _ => value,
        });
}
