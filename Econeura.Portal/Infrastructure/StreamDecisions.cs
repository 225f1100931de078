using JasperFx;
using JasperFx.Events;

namespace Econeura.Portal.Infrastructure;

/// <summary>What a decision writes (none: nothing to do) and what it answers its caller.</summary>
public readonly record struct Decision<TResult>(IReadOnlyList<object> Events, TResult Result);

/// <summary>What one decision did to its stream.</summary>
public abstract record StreamWrite<TState, TResult>
{
    /// <summary>The decision's events (possibly none) were committed; <see cref="State"/> is the stream after them.</summary>
    public sealed record Written(TState State, IReadOnlyList<object> Appended, long Version, TResult Result) : StreamWrite<TState, TResult>;

    /// <summary>Another writer moved the stream first (past the version the caller saw); nothing was written.</summary>
    public sealed record LostRace : StreamWrite<TState, TResult>;

    public sealed record NoSuchStream : StreamWrite<TState, TResult>;
}

/// <summary>How a decision meets its stream.</summary>
/// <param name="ExpectedVersion">The version the caller decided from (a person's read): a stream that moved since is a lost race.</param>
/// <param name="WhenNew">The state a stream that does not exist yet starts from (its first decision opens it); null: no such stream.</param>
/// <param name="Attempts">
/// How many times to read and decide again when another writer appended in between (writers of one stream that each
/// only add, such as budget alerts and their deliveries); 1: the race is the caller's to report.
/// </param>
/// <param name="Alongside">
/// What else the same commit carries when the decision appends anything (another stream's events, a reservation): it
/// all commits together or not at all.
/// </param>
public sealed record WriteRules<TState, TResult>(
    long? ExpectedVersion = null,
    TState? WhenNew = null,
    int Attempts = 1,
    Func<IDocumentSession, TState, Decision<TResult>, CancellationToken, Task>? Alongside = null)
    where TState : class;

/// <summary>
/// The one write path of every stream: read it, fold it into its domain state, run a pure decision, and append at the
/// version read. Two writers deciding from the same version cannot both commit.
/// </summary>
public static class StreamDecisions
{
    public static async Task<StreamWrite<TState, TResult>> DecideAsync<TState, TResult>(
        this IDocumentStore store, string tenantId, Guid streamId, Func<TState, Decision<TResult>> decide,
        WriteRules<TState, TResult>? rules = null, CancellationToken cancellationToken = default)
        where TState : class, IEventSourced<TState>
    {
        rules ??= new WriteRules<TState, TResult>();
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession(tenantId);
            try
            {
                var (stream, read) = await ReadAsync<TState>(session, streamId, cancellationToken);
                if (rules.ExpectedVersion is { } seen && read != seen) return new StreamWrite<TState, TResult>.LostRace();
                if ((stream ?? rules.WhenNew) is not { } current) return new StreamWrite<TState, TResult>.NoSuchStream();
                var decision = decide(current);
                var (events, result) = decision;
                if (events.Count > 0)
                {
                    Append(session, streamId, read, events);
                    if (rules.Alongside is { } alongside) await alongside(session, current, decision, cancellationToken);
                    await session.SaveChangesAsync(cancellationToken);
                }
                return new StreamWrite<TState, TResult>.Written(events.Aggregate(current, TState.Evolve), events, read + events.Count, result);
            }
            catch (Exception exception) when (IsRace(exception))
            {
                if (attempt >= rules.Attempts) return new StreamWrite<TState, TResult>.LostRace();
                // Decide again on what the other writer wrote, after a short random wait so that many writers of one
                // stream (a burst of deliveries) do not keep colliding in step.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>A decision with nothing to tell its caller beyond what it wrote.</summary>
    public static Task<StreamWrite<TState, bool>> DecideAsync<TState>(
        this IDocumentStore store, string tenantId, Guid streamId, Func<TState, IReadOnlyList<object>> decide,
        WriteRules<TState, bool>? rules = null, CancellationToken cancellationToken = default)
        where TState : class, IEventSourced<TState> =>
        store.DecideAsync(tenantId, streamId, state => new Decision<bool>(decide(state), true), rules, cancellationToken);

    /// <summary>
    /// Appends what a decision on another stream settled to that stream, at the version read, in the caller's session:
    /// both streams commit together or not at all.
    /// </summary>
    public static async Task AppendDecidedAsync<TState>(
        this IDocumentSession session, Guid streamId, Func<TState, IReadOnlyList<object>> decide, CancellationToken cancellationToken)
        where TState : class, IEventSourced<TState>
    {
        if (await ReadAsync<TState>(session, streamId, cancellationToken) is ({ } state, var read)) Append(session, streamId, read, decide(state));
    }

    /// <summary>The stream folded into its state (null: no such stream) and the version it was read at.</summary>
    private static async Task<(TState? State, long Version)> ReadAsync<TState>(IDocumentSession session, Guid streamId, CancellationToken cancellationToken)
        where TState : class, IEventSourced<TState>
    {
        var events = await session.Events.FetchStreamAsync(streamId, token: cancellationToken);
        return events.Count == 0 ? (null, 0) : (TState.Fold([.. events.Select(e => e.Data)]), events[^1].Version);
    }

    /// <summary>
    /// Appends at the version read: Marten names the version the stream will have after the append, and refuses the
    /// commit when another writer got there first. A stream read as missing is started, and refused if one exists by then.
    /// </summary>
    private static void Append(IDocumentSession session, Guid streamId, long read, IReadOnlyList<object> events)
    {
        if (events.Count == 0) return;
        if (read == 0) session.Events.StartStream(streamId, [.. events]);
        else session.Events.Append(streamId, read + events.Count, [.. events]);
    }

    private static bool IsRace(Exception exception) =>
        exception is EventStreamUnexpectedMaxEventIdException or ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException;
}
