namespace Econeura.Portal.Infrastructure.LiveUpdates;

/// <summary>
/// Queues a NOTIFY for every stream a session appends to. It runs in the session's own transaction, so listeners hear
/// of a change only once it is committed, and the payload carries ids only: never an event's content.
/// </summary>
public sealed class NotifyStreamChanges : DocumentSessionListenerBase
{
    public const string Channel = "econeura_stream_changed";

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        foreach (var stream in session.PendingChanges.Streams())
        {
            session.QueueSqlCommand("select pg_notify(?, ?)", Channel, StreamChange.Format(session.TenantId, stream.Id));
        }
        return Task.CompletedTask;
    }
}

public static class StreamChange
{
    public static string Format(string tenantId, Guid streamId) => $"{streamId:N}|{tenantId}";

    public static bool TryParse(string payload, out string tenantId, out Guid streamId)
    {
        var separator = payload.IndexOf('|');
        tenantId = separator > 0 ? payload[(separator + 1)..] : "";
        return Guid.TryParseExact(separator > 0 ? payload[..separator] : "", "N", out streamId) && tenantId.Length > 0;
    }
}
