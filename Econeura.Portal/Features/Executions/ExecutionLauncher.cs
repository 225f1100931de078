using System.Diagnostics;
using Econeura.Domain.Executions;
using Econeura.Portal.Features.Agents;
using Econeura.Portal.Features.Dlp;
using Econeura.Portal.Features.Identity;
using Hangfire;
using Marten;

namespace Econeura.Portal.Features.Executions;

public sealed record LaunchResult(Guid? ExecutionId, IReadOnlyList<LaunchError> Errors)
{
    public bool Launched => ExecutionId is not null;
}

/// <summary>Starts an execution: validates, opens its stream with <see cref="ExecutionRequested"/>, and hands its id to a dispatch job.</summary>
public sealed class ExecutionLauncher(
    IDocumentStore store,
    AgentCatalog catalog,
    AgentDlpPolicies policies,
    DlpScreening screening,
    IBackgroundJobClient jobs,
    TimeProvider time)
{
    public async Task<LaunchResult> LaunchAsync(PortalUser user, string? agentId, string? input, CancellationToken cancellationToken = default)
    {
        var agent = await catalog.FindAsync(user.TenantId, agentId, cancellationToken);
        var errors = ExecutionDecisions.Validate(agent, input);
        if (errors.Count > 0) return new LaunchResult(null, errors);

        var executionId = Guid.CreateVersion7();
        var correlationId = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        var policy = (await policies.GetAsync(user.TenantId, agent!.Id, cancellationToken)).ToPolicy();
        var events = ExecutionDecisions.Request(
            agent,
            new RequestExecution(executionId, user.TenantId, user.UserId, user.DisplayName, input!, correlationId),
            screening.Screen(input!, policy),
            time.GetUtcNow());

        await using (var session = store.LightweightSession(user.TenantId))
        {
            session.Events.StartStream(executionId, events.ToArray());
            await session.SaveChangesAsync(cancellationToken);
        }
        if (Execution.Fold(events)!.Status != ExecutionStatus.Requested) return new LaunchResult(executionId, []);
        // Enqueued after the commit, so the job always finds the stream it is given.
        var traceParent = Activity.Current?.Id;
        jobs.Enqueue<DispatchExecutionJob>(job => job.RunAsync(user.TenantId, executionId, traceParent, null, CancellationToken.None));
        return new LaunchResult(executionId, []);
    }
}
