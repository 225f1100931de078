using System.Globalization;
using Econeura.Domain.Notifications;
using Econeura.Portal.Features.FinOps;
using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;

namespace Econeura.Portal.Features.Notifications;

/// <summary>
/// What a budget alert mailed to finance staff says, in the reader's language: which budget, the threshold or the
/// unusual day, the figures, and one link to the alerts page. Figures only: an alert carries no personal data.
/// </summary>
public sealed class BudgetAlertMessages(IStringLocalizer<Strings> l, FinOpsSettingsStore finops, PortalLinks links)
{
    /// <summary>The subject and the section of <paramref name="alert"/> of <paramref name="budget"/>'s month.</summary>
    public async Task<(string Subject, MessageSection Section)> WriteAsync(
        string tenantId, BudgetAlertView budget, BudgetAlert alert, CancellationToken cancellationToken)
    {
        var ownerName = (await finops.AppliedBudgetAsync(tenantId, budget.Scope, cancellationToken))?.OwnerName;
        var name = BudgetText.Name(l, budget.Scope, ownerName);
        string Euros(decimal amount) => Formatting.Euros(amount, CultureInfo.CurrentCulture, decimals: 2);
        if (alert.Kind == BudgetAlertKind.UnusualSpend)
            return (l["Resume_UnusualSubject", name], Section(l["Resume_UnusualHeading", name],
            [
                new(l["Resume_Day"], alert.Day?.ToString("d", CultureInfo.CurrentCulture) ?? ""),
                new(l["Resume_DaySpend"], Euros(alert.SpentEur)),
                new(l["Resume_Usual"], Euros(alert.UsualEur ?? 0m)),
            ]));
        return (l["Resume_CrossedSubject", name, alert.ThresholdPercent], Section(l["Resume_CrossedHeading", name, alert.ThresholdPercent],
            [new(l["Resume_Spent"], Euros(alert.SpentEur)), new(l["Resume_Limit"], Euros(alert.LimitEur)), new(l["Resume_Month"], budget.Month)]));
    }

    private MessageSection Section(string heading, IReadOnlyList<MessageFact> facts) =>
        new(heading, facts, null, null, l["Resume_OpenAlerts"], links.To("/finance/alerts"));
}
