using Hangfire.Server;

namespace Econeura.Portal.Features.Dispatch;

/// <summary>
/// What a worker does with one piece of ready work (an execution's agent call). Only <see cref="Dispatcher"/> hands work
/// to it, as a Hangfire job; the feature that owns the work implements it.
/// </summary>
public interface IDispatchWorker
{
    /// <summary>
    /// Hangfire retries a run that failed before it recorded an outcome (the database went away, the process stopped
    /// saving): the same attempt is made again. A call that the agent failed is not an exception here: the domain
    /// records it and, when an attempt is left, the queue makes it due again after its back-off.
    /// </summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [2, 5, 15])]
    Task RunAsync(string tenantId, Guid executionId, string? traceParent, PerformContext? context, CancellationToken cancellationToken);
}
