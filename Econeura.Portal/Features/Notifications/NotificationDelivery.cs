using Econeura.Domain.Notifications;
using Marten.Schema;

namespace Econeura.Portal.Features.Notifications;

/// <summary>
/// One message to one person (or one tenant channel) and what became of it. Its id is derived from what it is about
/// (request, kind, person, channel), so planning it twice finds it rather than sending twice; the delivery job sends
/// only a queued one. Status and the kind of failure only: never an address, a URL or a secret.
/// </summary>
public sealed class NotificationDelivery
{
    public Guid Id { get; set; }

    /// <summary>Marten's numeric revision: a claim saved over a stale one fails, so one run sends it.</summary>
    [Version]
    public long Version { get; set; }

    /// <summary>Whose it is, for the sweeps that read every tenant's.</summary>
    public string TenantId { get; set; } = "";

    public NotificationKind Kind { get; set; }
    public NotificationChannel Channel { get; set; }

    /// <summary>The person told; null for a tenant channel (Teams, webhook).</summary>
    public string? RecipientId { get; set; }

    /// <summary>Who it is for, as shown on the admin page (names for a tenant channel).</summary>
    public string RecipientName { get; set; } = "";

    /// <summary>The culture it is written in: a person's at their last sign-in; for a tenant channel, the tenant's.</summary>
    public string Culture { get; set; } = "";

    /// <summary>What it is about: the approval request, or the budget alert.</summary>
    public Guid TopicId { get; set; }

    /// <summary>For a budget alert, its budget-month stream.</summary>
    public Guid? AlertStreamId { get; set; }

    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? Failure { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>For a held one, the digest that carried it.</summary>
    public Guid? DigestId { get; set; }

    /// <summary>For a digest, the held deliveries it gathers (a digest has no topic of its own).</summary>
    public List<Guid> DigestOf { get; set; } = [];

    public bool IsDigest => DigestOf.Count > 0;

    public static Guid IdFor(Guid topicId, NotificationKind kind, NotificationChannel channel, string? recipientId) =>
        StableIds.From($"notification:{topicId}:{kind}:{channel}:{recipientId}");

    public static Guid DigestIdFor(string recipientId, DateOnly day) => StableIds.From($"notification-digest:{recipientId}:{day:yyyy-MM-dd}");
}
