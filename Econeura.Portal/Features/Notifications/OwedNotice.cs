namespace Econeura.Portal.Features.Notifications;

/// <summary>
/// A notice an approval commit owes, written in that commit's own transaction and removed once it is planned. Should
/// the process stop between the commit and handing the planning to Hangfire, the minute's sweep finds it still here
/// and plans it (<see cref="RemindApproversJob"/>).
/// </summary>
public sealed class OwedNotice
{
    public Guid Id { get; set; }

    /// <summary>Whose it is, for the sweep that reads every tenant's.</summary>
    public string TenantId { get; set; } = "";

    public Guid ApprovalId { get; set; }
    public ApprovalMoment Moment { get; set; }
    public DateTimeOffset OwedSince { get; set; }

    public static Guid IdFor(Guid approvalId, ApprovalMoment moment) => StableIds.From($"owed-notice:{approvalId}:{moment}");
}
