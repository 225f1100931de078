using System.Diagnostics;
using System.Diagnostics.Metrics;
using Econeura.Domain.Executions;
using Econeura.Portal.Features.Agents;
using Econeura.Portal.Features.Agents.Routing;
using Econeura.Portal.Infrastructure;
using Hangfire;
using Hangfire.Server;
using JasperFx.Events;
using Marten;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// Calls the agent of one execution and records the outcome. It takes ids only and re-reads the stream first, so a
/// second run of the same job finds the execution finished (or owned by another worker) and calls nobody.
/// </summary>
public sealed partial class DispatchExecutionJob(
    IDocumentStore store,
    AgentCatalog catalog,
    AgentConnectors connectors,
    TimeProvider time,
    ILogger<DispatchExecutionJob> logger)
{
    private static readonly Counter<long> Outcomes = Telemetry.Meter.CreateCounter<long>("econeura.executions.outcomes", description: "Dispatch outcomes by status");

    // Retries of the job itself; the domain caps the agent calls at ExecutionDecisions.MaxAttempts.
    [AutomaticRetry(Attempts = ExecutionDecisions.MaxAttempts, DelaysInSeconds = [2, 5, 15])]
    public Task RunAsync(string tenantId, Guid executionId, string? traceParent, PerformContext? context, CancellationToken cancellationToken) =>
        DispatchAsync(tenantId, executionId, traceParent, context?.BackgroundJob.Id ?? $"direct-{Guid.NewGuid():N}", cancellationToken);

    public async Task DispatchAsync(string tenantId, Guid executionId, string? traceParent, string jobId, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        using var activity = Telemetry.Source.StartActivity("execution.dispatch", ActivityKind.Consumer, parent);
        activity?.SetTag("econeura.execution_id", executionId);

        await using var session = store.LightweightSession(tenantId);
        var loaded = await ExecutionStreams.LoadAsync(session, executionId, cancellationToken);
        if (loaded is null)
        {
            LogUnknownExecution(executionId);
            return;
        }

        var dispatch = ExecutionDecisions.Dispatch(loaded.State, jobId, time.GetUtcNow());
        if (dispatch.Count == 0) return;
        if (!await TryCommitAsync(session, loaded, dispatch, cancellationToken)) return;

        var dispatched = new ExecutionStreams.Loaded(
            dispatch.Aggregate(loaded.State, (state, e) => Execution.Evolve(state, e)!), loaded.Version + dispatch.Count);
        if (dispatched.State.Status != ExecutionStatus.Dispatched) return;

        var outcome = await CallAgentAsync(tenantId, dispatched.State, cancellationToken);
        var recorded = outcome.Reply is { } reply
            ? ExecutionDecisions.RecordReply(dispatched.State, reply, outcome.Price!, time.GetUtcNow())
            : ExecutionDecisions.RecordFailure(dispatched.State, outcome.Error!, time.GetUtcNow());
        if (!await TryCommitAsync(session, dispatched, recorded, cancellationToken)) return;

        var status = outcome.Reply is not null ? "completed" : recorded.OfType<DispatchFailed>().Single().WillRetry ? "retrying" : "failed";
        Outcomes.Add(1, new KeyValuePair<string, object?>("status", status));
        activity?.SetTag("econeura.outcome", status);
        // Throwing hands the retry, with its back-off, to Hangfire; the next run dispatches the next attempt.
        if (status == "retrying") throw new AgentCallException($"Attempt {dispatched.State.Attempts} failed: {outcome.Error}");
    }

    private sealed record CallOutcome(AgentReply? Reply, Econeura.Domain.Agents.TokenPrice? Price, string? Error);

    private async Task<CallOutcome> CallAgentAsync(string tenantId, Execution state, CancellationToken cancellationToken)
    {
        var agent = await catalog.FindAsync(tenantId, state.AgentId, cancellationToken);
        if (agent is null) return new CallOutcome(null, null, $"Agent {state.AgentId} is no longer in the catalog.");
        try
        {
            var reply = await connectors.For(agent).InvokeAsync(
                new AgentInvocation(state.Id, state.Attempts, agent, state.RedactedInput, state.CorrelationId), cancellationToken);
            return new CallOutcome(reply, agent.Price, null);
        }
        catch (AgentCallException exception)
        {
            return new CallOutcome(null, null, exception.Message);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The exception's own message may quote a URL with credentials: record its kind only.
            return new CallOutcome(null, null, $"The agent call failed ({exception.GetType().Name}).");
        }
    }

    private async Task<bool> TryCommitAsync(IDocumentSession session, ExecutionStreams.Loaded loaded, IReadOnlyList<object> events, CancellationToken cancellationToken)
    {
        ExecutionStreams.Append(session, loaded, events);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is EventStreamUnexpectedMaxEventIdException or JasperFx.ConcurrencyException)
        {
            LogLostRace(loaded.State.Id);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Execution {ExecutionId} does not exist; nothing to dispatch")]
    private partial void LogUnknownExecution(Guid executionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Execution {ExecutionId} was moved on by another worker; this run stops")]
    private partial void LogLostRace(Guid executionId);
}
