using Econeura.Domain.Executions;
using Marten;

namespace Econeura.Portal.Features.Executions;

/// <summary>Reads an execution stream into its domain state and appends decisions with the version it was read at.</summary>
public static class ExecutionStreams
{
    public sealed record Loaded(Execution State, long Version);

    public static async Task<Loaded?> LoadAsync(IDocumentSession session, Guid executionId, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(executionId, token: cancellationToken);
        if (events.Count == 0) return null;
        return new Loaded(Execution.Fold(events.Select(e => e.Data))!, events[^1].Version);
    }

    /// <summary>Appends only if nobody wrote to the stream since it was read; otherwise SaveChanges throws a concurrency error.</summary>
    public static void Append(IDocumentSession session, Loaded loaded, IReadOnlyList<object> events)
    {
        if (events.Count == 0) return;
        session.Events.Append(loaded.State.Id, loaded.Version + events.Count, events.ToArray());
    }
}
