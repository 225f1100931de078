namespace Econeura.Domain.Notifications;

/// <summary>What a notification tells its reader; each person chooses a way per kind.</summary>
public enum NotificationKind
{
    /// <summary>A request waits for the reader's decision.</summary>
    NewRequest,

    /// <summary>The reader's own request was approved, rejected or expired.</summary>
    Decision,

    /// <summary>A request the reader may decide still waits, and its time runs out.</summary>
    Reminder,

    /// <summary>A budget crossed a threshold or spend was unusual (finance staff).</summary>
    BudgetAlert,

    /// <summary>A request the reader made or approved went back for approval when its turn came, and what changed.</summary>
    SentBack,
}

/// <summary>How a person is told: by mail, in the tenant's Teams channel, or not at all.</summary>
public enum NotificationChoice
{
    Email,
    Teams,
    None,
}

/// <summary>Where one delivery goes.</summary>
public enum NotificationChannel
{
    Email,
    Teams,
    Webhook,
}

/// <summary>What became of one delivery. Only the status and the kind of failure are kept: never an address or a secret.</summary>
public enum DeliveryStatus
{
    Queued,

    /// <summary>Kept for the person's daily digest.</summary>
    Held,
    Sent,
    Failed,

    /// <summary>Folded into a digest that was sent (<see cref="Sent"/> is the digest's own record).</summary>
    Digested,

    /// <summary>Not sent: what it asked for was over first (the request was decided before it went out).</summary>
    Dropped,
}
