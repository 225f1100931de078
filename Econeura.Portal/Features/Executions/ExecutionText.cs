using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;
using Econeura.Domain.Executions;
using System.Globalization;
using Econeura.Domain.FinOps;
using Econeura.Portal.Features.FinOps;

namespace Econeura.Portal.Features.Executions;

/// <summary>What an execution's outcome means, in the reader's language.</summary>
public static class ExecutionText
{
    /// <summary>Why a launch was refused, in the reader's words: the launch form's and a conversation's alike.</summary>
    public static string LaunchError(IStringLocalizer<Strings> l, LaunchError error, string? agentId, BudgetStanding? budget, PortalUser reader) => error switch
    {
        Econeura.Domain.Executions.LaunchError.InputTooLong =>
            l["LaunchError_InputTooLong", ExecutionDecisions.MaxInputLength.ToString("N0", CultureInfo.CurrentCulture)],
        Econeura.Domain.Executions.LaunchError.UnknownAgent => l["LaunchError_UnknownAgent", agentId ?? ""],
        Econeura.Domain.Executions.LaunchError.BudgetExhausted when budget is not null => BudgetSpent(l, budget, reader),
        _ => l[$"LaunchError_{error}"],
    };

    /// <summary>Which budget stops a launch; its spend and limit only for those who may read budgets.</summary>
    public static string BudgetSpent(IStringLocalizer<Strings> l, BudgetStanding budget, PortalUser reader) => reader.Meets(Policies.FinOps)
        ? l["LaunchError_BudgetExhausted", BudgetText.Name(l, budget.Scope, budget.OwnerName), Formatting.Euros(budget.SpentEur),
            Formatting.Euros(budget.LimitEur)]
        : l["LaunchError_BudgetExhaustedWithoutFigures", BudgetText.Name(l, budget.Scope, budget.OwnerName)];

    /// <summary>The stored English reason only for failures recorded before their cause was.</summary>
    public static string Failure(IStringLocalizer<Strings> l, ExecutionView execution) => execution.FailureCause switch
    {
        FailureCause.AgentFailed => l["Failure_AgentFailed", execution.FailureTries, execution.LastError ?? "—"],
        FailureCause.AgentRefused => l["Failure_AgentRefused", execution.LastError ?? "—"],
        FailureCause.NoOutcome => l["Failure_NoOutcome", execution.FailureTries],
        FailureCause.NoAttemptsLeft => l["Failure_NoAttemptsLeft", execution.FailureTries],
        FailureCause.InputChangedAfterApproval => l["Failure_InputChangedAfterApproval"],
        // The only person whose budget a run counts against is its requester.
        FailureCause.BudgetExhausted => l["Failure_BudgetExhausted", BudgetText.Name(l, execution.BudgetScope, execution.RequestedByName)],
        FailureCause.OrganisationOffboarded => l["Failure_OrganisationOffboarded"],
        FailureCause.AgentUnavailable => l["Failure_AgentUnavailable"],
        FailureCause.DlpPolicyChanged => l["Failure_DlpPolicyChanged"],
        _ => execution.FailureReason ?? "—",
    };

    /// <summary>
    /// What the reader can do about a failure: try again (admins, and its requester when the domain lets them), and whom
    /// to tell when that does not help. Nothing when the failure's own words already say it, or nothing can be done.
    /// </summary>
    public static string? NextStep(IStringLocalizer<Strings> l, ExecutionView execution, PortalUser reader) => execution.FailureCause switch
    {
        FailureCause.BudgetExhausted or FailureCause.OrganisationOffboarded => null,
        _ when reader.IsAdmin => l["FailureNext_Admin"].Value,
        _ when ExecutionOperations.RequesterCanRetry(reader, execution) => l["FailureNext_Retry"].Value,
        _ => l["FailureNext_TellAdmin"].Value,
    };

    /// <summary>How much of a run's input a list shows: its first line, at most this long.</summary>
    public const int FirstLineLimit = 80;

    /// <summary>How many characters of <paramref name="text"/> its first line is, cut at <see cref="FirstLineLimit"/>.</summary>
    public static int FirstLineLength(string text)
    {
        var length = Math.Min(text.IndexOfAny(['\r', '\n']) is var end and >= 0 ? end : text.Length, FirstLineLimit);
        // Never half a character: an emoji at the cut goes whole to the next line.
        return length > 0 && length < text.Length && char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;
    }

    /// <summary>The first line, with "…" when there is more.</summary>
    public static string FirstLine(string text) => FirstLineLength(text) is var length && length < text.Length ? text[..length].TrimEnd() + "…" : text;
}
