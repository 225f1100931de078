using JasperFx;
using JasperFx.Events;
using Econeura.Domain.Executions;
using Econeura.Portal.Features.FinOps;

namespace Econeura.Portal.Features.Executions;

/// <summary>What one decision did to an execution stream.</summary>
public abstract record StreamWrite
{
    /// <summary>The decision's events (possibly none) were committed; <see cref="State"/> is the stream after them.</summary>
    public sealed record Written(Execution State, IReadOnlyList<object> Appended, long Version) : StreamWrite;

    /// <summary>Another writer moved the stream first; nothing was written.</summary>
    public sealed record LostRace : StreamWrite;

    public sealed record NoSuchStream : StreamWrite;
}

/// <summary>Reads an execution stream into its domain state, decides, and appends at the version it read.</summary>
public static class ExecutionStreams
{
    /// <summary>
    /// Fetches the stream for writing (at <paramref name="expectedVersion"/> when given: a stream that moved since is a
    /// lost race), appends what <paramref name="decide"/> returns and commits.
    /// </summary>
    /// <param name="alongside">
    /// What else the decision's commit carries when it appends anything (a budget reservation): a refusal of that
    /// reservation fails the whole commit with <see cref="BudgetRoomTakenException"/>, and nothing is written.
    /// </param>
    public static async Task<StreamWrite> DecideAsync(
        IDocumentStore store, string tenantId, Guid executionId, long? expectedVersion,
        Func<Execution, IReadOnlyList<object>> decide, CancellationToken cancellationToken,
        Action<IDocumentSession, Execution>? alongside = null)
    {
        await using var session = store.LightweightSession(tenantId);
        try
        {
            var stream = expectedVersion is { } version
                ? await session.Events.FetchForWriting<Execution>(executionId, version, cancellationToken)
                : await session.Events.FetchForWriting<Execution>(executionId, cancellationToken);
            if (stream.Aggregate is not { } current) return new StreamWrite.NoSuchStream();
            var events = decide(current);
            stream.AppendMany(events);
            if (events.Count > 0)
            {
                alongside?.Invoke(session, current);
                await BudgetReservations.SaveAsync(session, cancellationToken);
            }
            return new StreamWrite.Written(current.After(events), events, stream.CurrentVersion ?? 0);
        }
        catch (Exception exception) when (exception is EventStreamUnexpectedMaxEventIdException or ConcurrencyException)
        {
            return new StreamWrite.LostRace();
        }
    }
}
