using System.Globalization;
using Econeura.Portal.Resources;
using Econeura.Portal.Infrastructure.Settings;
using Microsoft.Extensions.Localization;
using Econeura.Domain.Approvals;
using Econeura.Domain.Dlp;
using Econeura.Portal.Features.Dlp;
using Econeura.Portal.Features.FinOps;

namespace Econeura.Portal.Features.Approvals;

/// <summary>Risk levels and the reasons behind them, in the reader's language.</summary>
public static class RiskText
{
    public static string Level(IStringLocalizer<Strings> l, RiskLevel level) => l[$"Risk_{level}"];

    /// <summary>The risk policy's history in the words of its form: "Riesgo bajo · Caducar tras: 1 día → 2 días".</summary>
    public static SettingsWording PolicyHistory(IStringLocalizer<Strings> l) => new(
        field => field.Split('.') switch
        {
            ["policy", var level, var stage, var part] when stage.StartsWith("chain[", StringComparison.Ordinal)
                && Enum.TryParse<RiskLevel>(level, ignoreCase: true, out var risk) =>
                $"{Level(l, risk)} · {l["Delegate_Stage", int.Parse(stage[6..^1], CultureInfo.InvariantCulture) + 1]} · {l[part switch
                {
                    "group" => "Delegate_StageGroup",
                    "period" => "Delegate_StageHours",
                    _ => "Delegate_StageFromCost",
                }]}",
            ["policy", var level, var rule] when Enum.TryParse<RiskLevel>(level, ignoreCase: true, out var risk) => $"{Level(l, risk)} · {l[rule switch
            {
                "approvalsRequired" => "RiskPolicy_Approvals",
                "escalateAfter" => "RiskPolicy_EscalateAfter",
                "onExpiry" => "Delegate_OnExpiry",
                _ => "RiskPolicy_ExpireAfter",
            }]}",
            ["policy", "costThresholdEur"] => l["RiskPolicy_CostThreshold"],
            ["policy", "bulkFindingsThreshold"] => l["RiskPolicy_BulkFindings"],
            ["policy", "departmentRoles", var department] => $"{l["RiskPolicy_DepartmentRoles"]} · {l[$"Department_{department}"]}",
            _ => field,
        },
        (field, value) => field.Split('.') switch
        {
            ["policy", _, "escalateAfter" or "expireAfter"] or ["policy", _, _, "period"] => SettingsWording.Duration(l, value),
            ["policy", _, "onExpiry"] when Enum.TryParse<ExpiryAction>(value, ignoreCase: true, out var action) => l[$"Delegate_Expiry_{action}"],
            ["policy", _, _, "group"] when Enum.TryParse<ApproverGroup>(value, ignoreCase: true, out var group) => l[$"Delegate_Group_{group}"],
            ["policy", _, _, "fromCostEur"] when decimal.TryParse(value, CultureInfo.InvariantCulture, out var from) => Formatting.Euros(from, decimals: 2),
            ["policy", "costThresholdEur"] when decimal.TryParse(value, CultureInfo.InvariantCulture, out var eur) => Formatting.Euros(eur, decimals: 2),
            ["policy", "departmentRoles", _] => RoleText.Name(l, value),
            _ => value,
        });

    public static string Reason(IStringLocalizer<Strings> l, RiskReason reason) => reason.Rule switch
    {
        RiskRule.AgentRating => l["RiskReason_AgentRating", l[$"RiskWord_{reason.Level}"]],
        RiskRule.DlpRequiresApproval => l["RiskReason_DlpRequiresApproval", Entity(l, reason.Subject), reason.Count ?? 0],
        RiskRule.BulkPersonalData => l["RiskReason_BulkPersonalData", reason.Count ?? 0],
        RiskRule.EstimatedCost => l["RiskReason_EstimatedCost", Euros(reason.Amount), Euros(reason.Limit)],
        RiskRule.BudgetLeft when reason.Amount is null => l[reason.Level == RiskLevel.High ? "RiskReason_BudgetExhaustedUnstated"
            : "RiskReason_BudgetNearlySpentUnstated", Budget(l, reason)],
        RiskRule.BudgetLeft when reason.Level == RiskLevel.High => l["RiskReason_BudgetExhausted", Budget(l, reason), Euros(reason.Amount),
            Euros(reason.Limit)],
        RiskRule.BudgetLeft => l["RiskReason_BudgetNearlySpent", Budget(l, reason), Euros(reason.Amount), Euros(reason.Limit)],
        RiskRule.RequesterRole => l["RiskReason_RequesterRole", l[$"Department_{reason.Subject}"], RoleText.Name(l, reason.Requires ?? "")],
        _ => reason.Rule.ToString(),
    };

    /// <summary>"needs 1 approval", "needs 2 approvals", or that it runs without one.</summary>
    public static string Approvals(IStringLocalizer<Strings> l, int required) => required switch
    {
        0 => l["Risk_NoApproval"],
        1 => l["Risk_OneApprovalNeeded"],
        _ => l["Risk_ApprovalsNeeded", required],
    };

    public static MudBlazor.Color ColorOf(RiskLevel level) => level switch
    {
        RiskLevel.High => MudBlazor.Color.Error,
        RiskLevel.Medium => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Success,
    };

    private static string Entity(IStringLocalizer<Strings> l, string? wireName) =>
        EntityTypeExtensions.TryParseWireName(wireName ?? "", out var type) ? DlpText.Entity(l, type) : wireName ?? "";

    private static string Budget(IStringLocalizer<Strings> l, RiskReason reason) => BudgetText.Name(l, reason.Subject, reason.SubjectName);

    private static string Euros(decimal? amount) => Formatting.Euros(amount ?? 0m);
}
