using JasperFx;
using JasperFx.Events;
using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// The one write path of a budget-month stream: read it, fold it, decide, and append at the version read; when someone
/// appended in between, read and decide again. Every append names the version it read, which is what keeps the inline
/// <see cref="BudgetAlertView"/> whole: an append that did not (a delivery's outcome did) let its commit write the view
/// as it had loaded it, over a crossing or an outcome committed meanwhile, and a crossing vanished from the alerts page
/// while deliveries showed "Sending…" for ever; it also failed on the stream's version after its post had gone out, and
/// the retry posted the alert again.
/// </summary>
public sealed class BudgetMonthStream(IDocumentStore store)
{
    private const int Attempts = 20;

    /// <summary>Appends what <paramref name="decide"/> returns and returns it (none: nothing to do).</summary>
    public async Task<IReadOnlyList<object>> WriteAsync(string tenantId, Guid streamId, Func<BudgetMonth, IReadOnlyList<object>> decide, CancellationToken cancellationToken) =>
        (await WriteAsync(tenantId, streamId, state => (decide(state), true), cancellationToken)).Appended;

    /// <summary>Appends what <paramref name="decide"/> returns and returns its result with the events appended (none: nothing to do).</summary>
    public async Task<(IReadOnlyList<object> Appended, T Result)> WriteAsync<T>(
        string tenantId, Guid streamId, Func<BudgetMonth, (IReadOnlyList<object> Events, T Result)> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession(tenantId);
            var stream = await session.Events.FetchStreamAsync(streamId, token: cancellationToken);
            var (events, result) = decide(BudgetMonth.Fold(stream.Select(e => e.Data)));
            if (events.Count == 0) return ([], result);
            if (stream.Count == 0) session.Events.StartStream(streamId, events.ToArray());
            else session.Events.Append(streamId, stream[^1].Version + events.Count, events.ToArray());
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return (events, result);
            }
            catch (Exception exception) when (attempt < Attempts && exception is EventStreamUnexpectedMaxEventIdException or ConcurrencyException
                                                  or Marten.Exceptions.ExistingStreamIdCollisionException)
            {
                // Someone appended in between: decide again on what they wrote, after a short random wait so that many
                // writers of one stream (a burst of deliveries) do not keep colliding in step.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            }
        }
    }
}
