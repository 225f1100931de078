using Econeura.Domain.Agents;
using Econeura.Domain.Dlp;

namespace Econeura.Domain.Executions;

public sealed record RequestExecution(
    Guid ExecutionId,
    string TenantId,
    string RequestedBy,
    string RequestedByName,
    string Input,
    string CorrelationId);

/// <summary>What an agent answered to one call.</summary>
public sealed record AgentReply(string Output, int InputTokens, int OutputTokens, long DurationMs);

/// <summary>Pure decisions of the execution life cycle: given the state, a command and the time, the events to append.</summary>
public static class ExecutionDecisions
{
    public const int MaxInputLength = 8_000;
    public const int MaxAttempts = 3;

    /// <summary>How long a dispatch belongs to the job that made it; after that its worker is presumed dead.</summary>
    public static readonly TimeSpan DispatchLease = TimeSpan.FromMinutes(10);

    public static IReadOnlyList<LaunchError> Validate(AgentDefinition? agent, string? input)
    {
        var errors = new List<LaunchError>();
        if (agent is null) errors.Add(LaunchError.UnknownAgent);
        else if (!agent.Enabled) errors.Add(LaunchError.AgentDisabled);
        if (string.IsNullOrWhiteSpace(input)) errors.Add(LaunchError.EmptyInput);
        else if (input.Length > MaxInputLength) errors.Add(LaunchError.InputTooLong);
        return errors;
    }

    /// <summary>
    /// Opens an execution with what DLP screening made of the input: only the redacted text and the findings' types and
    /// positions are recorded, never the raw input. A policy block or a failed scan closes it at once; a policy that wants
    /// a person's approval holds it.
    /// </summary>
    public static IReadOnlyList<object> Request(AgentDefinition agent, RequestExecution command, DlpResult screening, DateTimeOffset now)
    {
        var errors = Validate(agent, command.Input);
        if (errors.Count > 0) throw new LaunchRejectedException(errors);
        var recorded = screening.Scan.Succeeded ? screening.Redaction!.Redacted.Trim() : "";
        var requested = new ExecutionRequested(
            command.ExecutionId, command.TenantId, agent.Id, agent.Name, agent.Department,
            command.RequestedBy, command.RequestedByName, recorded, screening.Scan.Findings, command.CorrelationId, now);
        return screening.Decision.Action switch
        {
            DlpAction.Block => [requested, new ExecutionBlocked(command.ExecutionId, screening.Decision.Reasons, now)],
            DlpAction.RequireApproval => [requested, new ApprovalRequired(command.ExecutionId, screening.Decision.Reasons, now)],
            _ => [requested],
        };
    }

    /// <summary>
    /// Nothing to do once the execution has finished, nor while another job holds a live dispatch of it: a job that
    /// runs twice must not call the agent twice. The same job may take over its own dispatch (a retry after its worker
    /// died), and any job may once the lease has run out.
    /// </summary>
    public static IReadOnlyList<object> Dispatch(Execution state, string jobId, DateTimeOffset now)
    {
        if (state.IsFinished || state.Status == ExecutionStatus.AwaitingApproval) return [];
        if (state is { Status: ExecutionStatus.Dispatched, LastDispatch: { } inFlight }
            && inFlight.JobId != jobId && now - inFlight.DispatchedAt < DispatchLease)
            return [];
        // A worker that died mid-call on the last attempt leaves the stream dispatched: close it rather than call again.
        if (state.Attempts >= MaxAttempts)
            return [new ExecutionFailed(state.Id, $"No attempts left after {state.Attempts} dispatches.", now)];
        return [new ExecutionDispatched(state.Id, state.Attempts + 1, jobId, now)];
    }

    public static IReadOnlyList<object> RecordReply(Execution state, AgentReply reply, TokenPrice price, DateTimeOffset now) =>
        state.Status != ExecutionStatus.Dispatched
            ? []
            :
            [
                new AgentResponded(state.Id, state.Attempts, reply.Output, reply.InputTokens, reply.OutputTokens, reply.DurationMs, now),
                new ExecutionCompleted(state.Id, price.CostOf(reply.InputTokens, reply.OutputTokens), now),
            ];

    public static IReadOnlyList<object> RecordFailure(Execution state, string error, DateTimeOffset now)
    {
        if (state.Status != ExecutionStatus.Dispatched) return [];
        var willRetry = state.Attempts < MaxAttempts;
        var failed = new DispatchFailed(state.Id, state.Attempts, error, willRetry, now);
        return willRetry
            ? [failed]
            : [failed, new ExecutionFailed(state.Id, $"The agent failed {state.Attempts} times; last error: {error}", now)];
    }
}
