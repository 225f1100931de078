namespace Econeura.Domain.Notifications;

/// <summary>When the approvers of a waiting request are reminded: once, at a share of the time they had to decide.</summary>
public static class ReminderSchedule
{
    public const double DefaultShare = 0.5;

    /// <summary>
    /// The reminder's time: <paramref name="share"/> of the way from the request to its next deadline (escalation, or
    /// expiry once escalated). 0.5, the default, is halfway to escalation.
    /// </summary>
    public static DateTimeOffset DueAt(DateTimeOffset requestedAt, DateTimeOffset deadline, double share) =>
        requestedAt + (deadline - requestedAt) * Math.Clamp(share, 0, 1);

    /// <summary>A share the admin page accepts: more than nothing, less than all of the time.</summary>
    public static bool IsValidShare(double share) => share is > 0 and < 1;
}
