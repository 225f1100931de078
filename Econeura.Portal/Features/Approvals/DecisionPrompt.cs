using System.Diagnostics;
using Econeura.Domain.Approvals;
using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Econeura.Portal.Features.Approvals;

/// <summary>What an approver is told of their decision, with the request as it stands after it (none when it is gone).</summary>
public sealed record DecisionNotice(string Kind, Severity Severity, string Text, ApprovalView? Approval);

/// <summary>
/// One way to decide from any page, a request's own or the queue: the decision dialog (a rejection needs a reason),
/// then <see cref="ApprovalDesk"/> with the version and payload the approver saw, so a request that changed meanwhile
/// is not decided blind; four-eyes and the other rules are the desk's.
/// </summary>
public sealed class DecisionPrompt(IDialogService dialogs, ApprovalDesk desk, IStringLocalizer<Strings> l)
{
    /// <summary>What became of the decision in words; null when the approver cancelled it.</summary>
    public async Task<DecisionNotice?> DecideAsync(PortalUser user, ApprovalView seen, string agentName, ApprovalVerdict verdict)
    {
        var dialog = await dialogs.ShowAsync<DecisionDialog>(null, new DialogParameters<DecisionDialog>
        {
            { d => d.Verdict, verdict },
            { d => d.Summary, l["Decision_Summary", agentName, seen.RequestedByName] },
        }, new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: string reason }) return null;
        return await desk.DecideAsync(user, seen.Id, verdict, reason, seen.Version, seen.PayloadHash) switch
        {
            DecisionOutcome.Decided decided => Decided(verdict, decided.Approval),
            DecisionOutcome.Conflict conflict => new DecisionNotice("conflict", Severity.Warning,
                l["Decision_Conflict", ApprovalText.Status(l, conflict.Approval)], conflict.Approval),
            DecisionOutcome.Refused refused => new DecisionNotice("refused", Severity.Warning, l[$"Refusal_{refused.Why}"], refused.Approval),
            DecisionOutcome.NotFound => new DecisionNotice("gone", Severity.Warning, l["Approval_NotFound"], null),
            _ => throw new UnreachableException(),
        };
    }

    private DecisionNotice Decided(ApprovalVerdict verdict, ApprovalView now) => verdict == ApprovalVerdict.Reject
        ? new DecisionNotice("rejected", Severity.Info, l["Decision_DoneRejected"], now)
        : now.Status == ApprovalStatus.Approved
            ? new DecisionNotice("approved", Severity.Success, l["Decision_DoneApproved"], now)
            : new DecisionNotice("granted", Severity.Success, l["Decision_DoneGranted", now.ApprovalCount, now.ApprovalsRequired], now);
}
