using Econeura.Domain.Executions;
using Econeura.Portal.Features.Dispatch;
using Marten.Services;

namespace Econeura.Portal.Features.Executions;

/// <summary>After a commit here that made an execution ready or ended a call, this node's dispatcher hands out at once.</summary>
public sealed class WakeDispatcher(DispatchSignal signal) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (commit.GetEvents().Any(e => e.Data is ExecutionRequested or ExecutionApproved or ExecutionRetried or DispatchFailed
                or ExecutionCompleted or ExecutionFailed or ExecutionCancelled or AnswerStopped))
            signal.Wake();
        return Task.CompletedTask;
    }
}
