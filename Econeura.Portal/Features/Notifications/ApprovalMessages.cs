using System.Globalization;
using Econeura.Domain.Approvals;
using Econeura.Domain.Dlp;
using Econeura.Domain.Notifications;
using Econeura.Portal.Features.Approvals;
using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;

namespace Econeura.Portal.Features.Notifications;

/// <summary>
/// What a notice about an approval request says, in its reader's language: agent, requester, risk and why, estimated
/// cost, time left, the redacted input, and one link into the portal, where the decision is taken after sign-in.
/// </summary>
public sealed class ApprovalMessages(IStringLocalizer<Strings> l, PortalLinks links)
{
    /// <param name="readerId">The person it is for; null for a tenant channel.</param>
    public MessageSection Section(NotificationKind kind, ApprovalView request, DateTimeOffset now, string? readerId = null) => kind switch
    {
        NotificationKind.Decision => DecisionSection(request),
        NotificationKind.SentBack => SentBackSection(request, readerId),
        _ => WaitingSection(kind, request, now),
    };

    public string Subject(NotificationKind kind, ApprovalView request) => kind switch
    {
        NotificationKind.NewRequest => l["Notify_NewRequestSubject", request.AgentName, request.RequestedByName],
        NotificationKind.Reminder => l["Notify_ReminderSubject", request.AgentName, request.RequestedByName],
        NotificationKind.SentBack => l["Resume_NotifySubject", request.AgentName, request.RequestedByName],
        _ => request.Status switch
        {
            ApprovalStatus.Approved => l["Notify_ApprovedSubject", request.AgentName],
            ApprovalStatus.Rejected => l["Notify_RejectedSubject", request.AgentName],
            _ => l["Notify_ExpiredSubject", request.AgentName],
        },
    };

    public string DigestSubject(int count) => l["Notify_DigestSubject", count];

    public string Footer() => l["Notify_Footer", links.To("/settings/notifications")];

    private MessageSection WaitingSection(NotificationKind kind, ApprovalView request, DateTimeOffset now)
    {
        var deadline = request.Escalated ? request.ExpireAt : request.EscalateAt;
        var left = Formatting.Span(deadline - now);
        return new MessageSection(
            l[kind == NotificationKind.Reminder ? "Notify_ReminderHeading" : "Notify_NewRequestHeading", request.AgentName, request.RequestedByName],
            [
                new MessageFact(l["Notify_Agent"], request.AgentName),
                new MessageFact(l["Notify_Requester"], request.RequestedByName),
                new MessageFact(l["Notify_Risk"], RiskText.Level(l, request.Risk)),
                new MessageFact(l["Notify_Reasons"], string.Join(" · ", request.Reasons.Select(r => RiskText.Reason(l, r)))),
                new MessageFact(l["Notify_EstimatedCost"], Formatting.Euros(request.EstimatedCostEur, CultureInfo.CurrentCulture, decimals: 2)),
                new MessageFact(l["Notify_TimeLeft"], l[request.Escalated ? "Notify_UntilExpiry" : "Notify_UntilEscalation", left]),
            ],
            l["Notify_Input"], request.RedactedInput, l["Notify_OpenRequest"], links.To($"/approvals/{request.Id}"));
    }

    /// <summary>
    /// What changed, for the requester (the link opens their run) and those who approved it (the link opens the new
    /// request, which they decide again if they still may).
    /// </summary>
    private MessageSection SentBackSection(ApprovalView request, string? readerId)
    {
        var changes = request.SentBack is { } because ? ApprovalText.WhatChanged(l, because) : [];
        var requester = readerId == request.RequestedBy;
        return new MessageSection(
            l["Resume_NotifyHeading", request.AgentName, request.RequestedByName],
            [
                new MessageFact(l["Notify_Agent"], request.AgentName),
                new MessageFact(l["Notify_Requester"], request.RequestedByName),
                new MessageFact(l["Resume_WhatChanged"], string.Join(" · ", changes)),
                new MessageFact(l["Notify_EstimatedCost"], Formatting.Euros(request.EstimatedCostEur, CultureInfo.CurrentCulture, decimals: 2)),
            ],
            l["Notify_Input"], request.RedactedInput,
            l[requester ? "Notify_OpenExecution" : "Notify_OpenRequest"],
            links.To(requester ? $"/executions/{request.ExecutionId}" : $"/approvals/{request.Id}"));
    }

    private MessageSection DecisionSection(ApprovalView request)
    {
        var heading = request.Status switch
        {
            ApprovalStatus.Approved => l["Notify_ApprovedHeading", request.AgentName],
            ApprovalStatus.Rejected => l["Notify_RejectedHeading", request.AgentName, request.RejectedBy ?? ""],
            _ => l["Notify_ExpiredHeading", request.AgentName],
        };
        List<MessageFact> facts = [new(l["Notify_Agent"], request.AgentName), new(l["Notify_Risk"], RiskText.Level(l, request.Risk))];
        // A reason is free text an approver typed: it goes out redacted like the input, never as typed.
        if (request.Status == ApprovalStatus.Rejected && request.RejectionReason is { } reason)
            facts.Add(new MessageFact(l["Notify_Reason"], Redactor.Redact(reason, RedactionOperator.Replace).Redacted));
        return new MessageSection(heading, facts, l["Notify_Input"], request.RedactedInput, l["Notify_OpenExecution"],
            links.To($"/executions/{request.ExecutionId}"));
    }
}
