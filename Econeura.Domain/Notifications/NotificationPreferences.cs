namespace Econeura.Domain.Notifications;

/// <summary>
/// A person's choices, kind by kind (none stated: the tenant's default), and whether mail comes one by one or once a
/// day as a digest.
/// </summary>
public sealed record PersonChoices(IReadOnlyDictionary<NotificationKind, NotificationChoice> Chosen, bool Digest)
{
    public static readonly PersonChoices Unset = new(new Dictionary<NotificationKind, NotificationChoice>(), false);
}

public static class NotificationPreferences
{
    /// <summary>What the tenant gives a person who chose nothing: mail for everything.</summary>
    public static readonly IReadOnlyDictionary<NotificationKind, NotificationChoice> BuiltInDefaults =
        Enum.GetValues<NotificationKind>().ToDictionary(kind => kind, _ => NotificationChoice.Email);

    /// <summary>The way a person is told of <paramref name="kind"/>: their own choice, else the tenant's default, else mail.</summary>
    public static NotificationChoice Resolve(PersonChoices person, IReadOnlyDictionary<NotificationKind, NotificationChoice> tenantDefaults,
        NotificationKind kind) =>
        person.Chosen.TryGetValue(kind, out var own) ? own
        : tenantDefaults.TryGetValue(kind, out var tenant) ? tenant
        : BuiltInDefaults[kind];
}
