using Econeura.Portal.Infrastructure.LiveUpdates;
using System.Runtime.CompilerServices;
using Marten.Services;

namespace Econeura.Portal.Infrastructure.Settings;

/// <summary>
/// Announces, in the writing session's own transaction, that a tenant's cached settings changed (every process forgets
/// them when it hears), and forgets them in this process as soon as the write is committed.
/// </summary>
public sealed class NotifySettingsChanges(SettingsCache cache) : DocumentSessionListenerBase
{
    // The sessions that announced a change, until their commit: one listener serves every session.
    private readonly ConditionalWeakTable<IDocumentSession, object> _announced = new();

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        if (session.PendingChanges.Operations().Any(operation => cache.Keeps(operation.DocumentType)))
        {
            session.AnnounceSettingsChanged(session.TenantId);
            _announced.AddOrUpdate(session, session.TenantId);
        }
        return Task.CompletedTask;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (_announced.TryGetValue(session, out var tenantId))
        {
            _announced.Remove(session);
            cache.Forget((string)tenantId);
        }
        return Task.CompletedTask;
    }

    /// <summary>Adds the listener to the store once the cache it talks to exists.</summary>
    public sealed class Wiring(SettingsCache cache) : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options) => options.Listeners.Add(new NotifySettingsChanges(cache));
    }
}

/// <summary>The payload that says a tenant's settings changed; it shares the stream-change channel and is told apart by its prefix.</summary>
public static class SettingsChangedNotice
{
    private const string Prefix = "settings|";

    public static string Format(string tenantId) => Prefix + tenantId;

    /// <summary>
    /// Tells every process, at the session's commit, to forget <paramref name="tenantId"/>'s settings: for documents written
    /// through <c>ForTenant</c>, which the listener announces under the session's own tenant.
    /// </summary>
    public static void AnnounceSettingsChanged(this IDocumentSession session, string tenantId) =>
        session.QueueSqlCommand("select pg_notify(?, ?)", NotifyStreamChanges.Channel, Format(tenantId));

    public static bool TryParse(string payload, out string tenantId)
    {
        tenantId = payload.StartsWith(Prefix, StringComparison.Ordinal) ? payload[Prefix.Length..] : "";
        return tenantId.Length > 0;
    }
}
