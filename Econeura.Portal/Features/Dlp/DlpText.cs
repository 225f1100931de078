using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;
using Econeura.Domain.Dlp;

namespace Econeura.Portal.Features.Dlp;

/// <summary>DLP findings and reasons in the reader's language.</summary>
public static class DlpText
{
    public static string Entity(IStringLocalizer<Strings> l, EntityType type) => l[$"Entity_{type.ToWireName()}"];

    public static string Reason(IStringLocalizer<Strings> l, PolicyReason reason) => reason switch
    {
        { Code: PolicyReasonCode.ScanOverBudget } => l["DlpReason_ScanOverBudget"],
        { Code: PolicyReasonCode.ScanFailed } => l["DlpReason_ScanFailed"],
        { EntityType: { } type } => l[$"DlpReason_{reason.Action}", Entity(l, type), reason.Count],
        _ => reason.Message,
    };

    public static MudBlazor.Color ColorOf(EntityType type) => type switch
    {
        EntityType.SECRET => MudBlazor.Color.Error,
        EntityType.CREDIT_CARD or EntityType.IBAN => MudBlazor.Color.Warning,
        EntityType.EMAIL or EntityType.PHONE => MudBlazor.Color.Info,
        _ => MudBlazor.Color.Secondary,
    };
}
