using Econeura.Portal.Tests.Approvals;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Home;

/// <summary>What the home page tests do before looking: runs that complete, requests that wait, and reading a section's items.</summary>
internal static class HomeSteps
{
    public static async Task<ExecutionView> CompletedAsync(PortalFixture fixture, PortalUser user, string agentId, string input = "Resumen de la semana")
    {
        var launched = Assert.IsType<LaunchResult.Launched>(await fixture.Service<ExecutionLauncher>().LaunchAsync(user, agentId, input));
        return await Eventually.Until(async () =>
        {
            await using var session = fixture.Store.QuerySession(user.TenantId);
            return (await session.LoadAsync<ExecutionView>(launched.ExecutionId))!;
        }, view => view.Status == ExecutionStatus.Completed && view.CostEur is not null, $"{agentId} to complete");
    }

    /// <summary>A launch that waits for approvers (the agent's rating asks for them); returns its approval request's id.</summary>
    public static async Task<Guid> WaitingForApprovalAsync(PortalFixture fixture, PortalUser user, string agentId,
        string input = "Revisa los accesos del equipo")
    {
        var launched = Assert.IsType<LaunchResult.Launched>(await fixture.Service<ExecutionLauncher>().LaunchAsync(user, agentId, input));
        return Assert.IsType<ApprovalView>(await fixture.Service<ApprovalQueries>().CurrentRequestAsync(user.TenantId, launched.ExecutionId)).Id;
    }

    /// <summary>The ids a section lists, in its order, read from <paramref name="attribute"/> of its items.</summary>
    public static List<string> Listed(IElement section, string attribute) =>
        [.. section.QuerySelectorAll($"li[{attribute}]").Select(item => item.GetAttribute(attribute)!)];
}
