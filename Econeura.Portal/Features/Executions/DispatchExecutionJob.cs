using System.Diagnostics;
using System.Diagnostics.Metrics;
using Econeura.Portal.Features.Agents.Routing;
using Econeura.Portal.Features.Dispatch;
using Hangfire.Server;
using Econeura.Domain.Agents;
using Econeura.Domain.Approvals;
using Econeura.Domain.Executions;
using Econeura.Domain.FinOps;
using Econeura.Portal.Features.Agents;
using Econeura.Portal.Features.Approvals;
using Econeura.Portal.Features.FinOps;
using Econeura.Portal.Infrastructure.LiveUpdates;
using ExecutionWrite = Econeura.Portal.Infrastructure.StreamWrite<Econeura.Domain.Executions.Execution, bool>;
using DispatchWrite = Econeura.Portal.Infrastructure.StreamWrite<Econeura.Domain.Executions.Execution, Econeura.Domain.Approvals.ApprovalRequested?>;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// Calls the agent of one execution and records the outcome; <see cref="Dispatcher"/> hands it the work. It takes ids
/// only and re-reads the stream first, so a second run of the same job finds the execution finished (or owned by
/// another worker) and calls nobody. A failed call is recorded, not thrown: the queue makes the next attempt due.
/// </summary>
public sealed partial class DispatchExecutionJob(
    IDocumentStore store,
    CallTermsReader callTerms,
    AgentConnectors connectors,
    BudgetMonitor budgets,
    PortalNodes nodes,
    DatabaseOutage outage,
    AnswerRelay answers,
    IBackgroundJobClient jobs,
    TimeProvider time,
    ILogger<DispatchExecutionJob> logger) : IDispatchWorker
{
    private static readonly Counter<long> Outcomes =
        Telemetry.Meter.CreateCounter<long>("econeura.executions.outcomes", description: "Dispatch outcomes by status");
    private static readonly Counter<long> Redispatches = Telemetry.Meter.CreateCounter<long>("econeura.executions.redispatches",
        description: "Attempts made again: reason=unconfirmed (the outcome was never saved) or node_lost (the process holding the call stopped)");
    private static readonly Histogram<double> DispatchLag = Telemetry.Meter.CreateHistogram("econeura.executions.dispatch_lag", unit: "s",
        description: "From ready to run (requested, approved or retried) to its first agent call",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600] });

    public Task RunAsync(string tenantId, Guid executionId, string? traceParent, PerformContext? context, CancellationToken cancellationToken)
    {
        var jobId = context?.BackgroundJob.Id ?? $"direct-{Guid.NewGuid():N}";
        return outage.WhenReachableAsync(() => DispatchAsync(tenantId, executionId, traceParent, jobId, cancellationToken), cancellationToken);
    }

    public async Task DispatchAsync(string tenantId, Guid executionId, string? traceParent, string jobId, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        using var activity = Telemetry.Source.StartActivity("execution.dispatch", ActivityKind.Consumer, parent);
        activity?.SetTag("econeura.execution_id", executionId);

        var isNodeAlive = await nodes.LivenessAsync(cancellationToken);
        var terms = await callTerms.ReadAsync(tenantId, executionId, cancellationToken);
        // An approved run sent back for approval opens its new request in the same commit.
        var reopenedId = Guid.CreateVersion7();
        var dispatch = await store.DecideAsync<Execution, ApprovalRequested?>(tenantId, executionId, execution =>
            {
                var now = time.GetUtcNow();
                if (ExecutionDecisions.StopBeforeDispatch(
                        execution, terms.OrganisationActive, terms.Budgets, now, terms.AgentAvailable, terms.KindsNowBlocked) is { Count: > 0 } stop)
                    return new Decision<ApprovalRequested?>(stop, null);
                if (terms.SendBack(execution, reopenedId, now) is { Approval: { } again } sentBack)
                    return new Decision<ApprovalRequested?>(sentBack.ExecutionEvents, again);
                return new Decision<ApprovalRequested?>(
                    ExecutionDecisions.Dispatch(execution, jobId, now, nodes.Id, isNodeAlive, terms.LostCall(execution)), null);
            },
            new WriteRules<Execution, ApprovalRequested?>(Alongside: (session, _, decided, _) =>
            {
                if (decided.Result is { } again) session.Events.StartStream(again.ApprovalId, again);
                return Task.CompletedTask;
            }),
            cancellationToken);
        if (dispatch is DispatchWrite.Written { Result: { } reopened })
        {
            ApprovalDeadlinesJob.Schedule(jobs, tenantId, reopened);
            Outcomes.Add(1, new KeyValuePair<string, object?>("status", "sent_back_for_approval"));
            return;
        }
        if (dispatch is DispatchWrite.NoSuchStream) LogUnknownExecution(executionId);
        if (dispatch is DispatchWrite.LostRace) LogLostRace(executionId);
        // A call whose reply was lost was charged at its bound: its budgets hear of it at once.
        if (dispatch is DispatchWrite.Written { State: var charged, Appended: var appended } && appended.OfType<CostRecorded>().Any())
            await CheckBudgetsAsync(tenantId, charged, cancellationToken);
        if (dispatch is DispatchWrite.Written { Appended: [.., ExecutionFailed stopped] })
        {
            Outcomes.Add(1, new KeyValuePair<string, object?>("status", stopped.Cause == FailureCause.BudgetExhausted ? "budget_exhausted" : "stopped"));
            return;
        }
        if (dispatch is not DispatchWrite.Written { State.Status: ExecutionStatus.Dispatched, Appended.Count: > 0 } dispatched) return;
        if (dispatched.Appended.OfType<AgentCallUnconfirmed>().Any()) Redispatches.Add(1, new KeyValuePair<string, object?>("reason", "unconfirmed"));
        if (dispatched.Appended.OfType<ExecutionDispatched>().Any(d => d.AfterNodeLoss))
            Redispatches.Add(1, new KeyValuePair<string, object?>("reason", "node_lost"));
        else if (dispatched.State is { AttemptsInRound: 1, UnconfirmedCalls: 0, ReadySince: { } readySince })
            DispatchLag.Record((time.GetUtcNow() - readySince).TotalSeconds, new KeyValuePair<string, object?>("tenant", tenantId));

        // Open until the outcome is recorded, so a page showing the answer as it was written moves straight to the recorded one.
        using var answer = answers.Open(tenantId, executionId);
        var outcome = await CallAgentAsync(tenantId, dispatched.State, terms, answer, cancellationToken);
        // The outcome is in hand: a short outage waits to save it rather than calling the agent again, and so does a job
        // being stopped (a shutdown, Hangfire aborting it), for as long as an outage is waited out: lost, it would be
        // called and paid for again.
        var record = await outage.WhenReachableAsync(() => store.DecideAsync<Execution>(tenantId, executionId, execution => outcome switch
        {
            AgentAnswered answered => ExecutionDecisions.RecordReply(execution, answered.Reply, answered.Charge, time.GetUtcNow()),
            AgentStopped stopped => ExecutionDecisions.RecordStop(execution, stopped.Partial, stopped.Charge, stopped.StoppedBy, time.GetUtcNow()),
            AgentCallFailed failed =>
                ExecutionDecisions.RecordFailure(execution, failed.Error, failed.Charge, failed.InputTokens, time.GetUtcNow(), failed.Permanent),
            _ => throw new UnreachableException(),
        }, new WriteRules<Execution, bool>(ExpectedVersion: dispatched.Version), CancellationToken.None), CancellationToken.None);
        if (record is not ExecutionWrite.Written { Appended.Count: > 0 } recorded)
        {
            LogLostRace(executionId);
            return;
        }

        var status = recorded.State.Status switch
        {
            ExecutionStatus.Completed => "completed",
            ExecutionStatus.Failed => "failed",
            ExecutionStatus.Stopped => "answer_stopped",
            _ => "retrying",
        };
        Outcomes.Add(1, new KeyValuePair<string, object?>("status", status));
        if (recorded.Appended.OfType<CostRecorded>().Any()) await CheckBudgetsAsync(tenantId, dispatched.State, cancellationToken);
        activity?.SetTag("econeura.outcome", status);
    }

    private abstract record CallOutcome;

    private sealed record AgentAnswered(AgentReply Reply, Charge Charge) : CallOutcome;

    /// <param name="Partial">What the agent wrote before it was stopped, with the tokens it is charged for.</param>
    private sealed record AgentStopped(AgentReply Partial, Charge Charge, string StoppedBy) : CallOutcome;

    /// <param name="Charge">Set when the call reached the agent: it is charged for the input it read.</param>
    private sealed record AgentCallFailed(string Error, Charge? Charge = null, int InputTokens = 0, bool Permanent = false) : CallOutcome;

    private async Task<CallOutcome> CallAgentAsync(
        string tenantId, Execution state, CallTerms terms, AnswerRelay.AnswerWriter answer, CancellationToken cancellationToken)
    {
        if (terms.Agent is not { } agent) return new AgentCallFailed($"Agent {state.AgentId} is no longer in the catalog.");
        if (terms.Charge is not { } charge)
            return new AgentCallFailed($"No price is set for {string.Join(" or ", PriceBook.KeysOf(agent))}; the agent was not called.");
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, answer.Stopping);
        var started = time.GetTimestamp();
        try
        {
            var reply = await connectors.InvokeAsync(
                new AgentInvocation(state.Id, state.Attempts, agent, state.RedactedInput, state.CorrelationId, tenantId, state.RequestedBy,
                    state.History, agent.SystemPromptIn(ReplyLanguage.Of(state.RedactedInput, state.History))),
                answer.Write, call.Token);
            return new AgentAnswered(reply, charge);
        }
        catch (Exception exception) when (exception is OperationCanceledException or AgentCallException
                                          && answer.StoppedBy is { } stoppedBy && !cancellationToken.IsCancellationRequested)
        {
            // A stopped model sends no usage: the tokens are estimated from what was sent and what it wrote.
            var partial = answer.Text;
            return new AgentStopped(new AgentReply(partial, TokenEstimate.Of(state.RedactedInput), TokenEstimate.Of(partial),
                (long)time.GetElapsedTime(started).TotalMilliseconds), charge, stoppedBy);
        }
        catch (AgentCallException exception)
        {
            return exception.ReachedAgent
                ? new AgentCallFailed(exception.Message, charge, TokenEstimate.Of(state.RedactedInput), exception.Permanent)
                : new AgentCallFailed(exception.Message, Permanent: exception.Permanent);
        }
    }

    /// <summary>Right after a cost, so a crossed threshold is raised at once; the periodic check catches a failure here.</summary>
    private async Task CheckBudgetsAsync(string tenantId, Execution run, CancellationToken cancellationToken)
    {
        try
        {
            await budgets.CheckAsync(tenantId, BudgetScope.Of(run.Department, run.RequestedBy, run.AgentId), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogBudgetCheckFailed(exception, tenantId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking the budgets of tenant {TenantId} after a cost failed; the periodic check will")]
    private partial void LogBudgetCheckFailed(Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Execution {ExecutionId} does not exist; nothing to dispatch")]
    private partial void LogUnknownExecution(Guid executionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Execution {ExecutionId} was moved on by another worker; this run stops")]
    private partial void LogLostRace(Guid executionId);
}
