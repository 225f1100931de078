using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// How a budget-month stream is written: through <see cref="StreamDecisions"/>, opened by its first decision, and
/// decided again when someone appended in between (checks and deliveries only ever add to it). Every append names the
/// version it read, which is what keeps the inline <see cref="BudgetAlertView"/> whole: an append that did not (a
/// delivery's outcome did) let its commit write the view as it had loaded it, over a crossing or an outcome committed
/// meanwhile, and a crossing vanished from the alerts page while deliveries showed "Sending…" for ever; it also failed
/// on the stream's version after its post had gone out, and the retry posted the alert again.
/// </summary>
public sealed class BudgetMonthStream(IDocumentStore store)
{
    private const int Attempts = 20;

    /// <summary>Appends what <paramref name="decide"/> returns and returns it (none: nothing to do).</summary>
    public async Task<IReadOnlyList<object>> WriteAsync(
        string tenantId, Guid streamId, Func<BudgetMonth, IReadOnlyList<object>> decide, CancellationToken cancellationToken) =>
        (await WriteAsync(tenantId, streamId, state => (decide(state), true), cancellationToken)).Appended;

    /// <summary>Appends what <paramref name="decide"/> returns and returns its result with the events appended (none: nothing to do).</summary>
    public async Task<(IReadOnlyList<object> Appended, T Result)> WriteAsync<T>(
        string tenantId, Guid streamId, Func<BudgetMonth, (IReadOnlyList<object> Events, T Result)> decide, CancellationToken cancellationToken)
    {
        var write = await store.DecideAsync(tenantId, streamId, state =>
            {
                var (events, result) = decide(state);
                return new Decision<T>(events, result);
            },
            new WriteRules<BudgetMonth, T>(WhenNew: BudgetMonth.Empty, Attempts: Attempts), cancellationToken);
        return write is StreamWrite<BudgetMonth, T>.Written written
            ? (written.Appended, written.Result)
            : throw new InvalidOperationException($"Budget-month stream {streamId} kept moving under {Attempts} writers in a row.");
    }
}
