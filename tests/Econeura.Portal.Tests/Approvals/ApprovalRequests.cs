using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Approvals;

/// <summary>Requests that wait for approvers, made the way a requester makes them: through the launcher.</summary>
internal static class ApprovalRequests
{
    /// <summary>A request of <paramref name="user"/> to the legal agent, which its risk sends to approval.</summary>
    public static async Task<ApprovalView> RequestApprovalAsync(this PortalFixture fixture, PortalUser user, string input)
    {
        var launcher = fixture.Services.GetRequiredService<ExecutionLauncher>();
        var launched = Assert.IsType<LaunchResult.Launched>(await launcher.LaunchAsync(user, "neura-8", input));
        return (await fixture.Services.GetRequiredService<ApprovalQueries>().CurrentRequestAsync(user.TenantId, launched.ExecutionId))!;
    }

    /// <summary>The execution's request that decides now (the last, when one was sent back before it ran).</summary>
    public static async Task<ApprovalView?> CurrentRequestAsync(this ApprovalQueries queries, string tenantId, Guid executionId) =>
        (await queries.ForExecutionAsync(tenantId, executionId)).LastOrDefault();
}
