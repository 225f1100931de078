using Econeura.Portal.Features.Agents.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Agents;

/// <summary>A portal whose agents can be routed to a real HTTP server (<see cref="TestAgentServer"/>), with the dispatch job played by the test.</summary>
public abstract class AgentServerFixture : PortalFixture
{
    public TestAgentServer Agents { get; private set; } = default!;

    public override async Task InitializeAsync()
    {
        Agents = await TestAgentServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Agents.DisposeAsync();
    }

    /// <summary>Writes a route straight into the tenant's catalog, as a save before today's checks would have.</summary>
    public Task RouteAsync(string tenantId, string agentId, Func<AgentDefinition, AgentDefinition> change) => RouteAsync(Services, tenantId, agentId, change);

    /// <inheritdoc cref="RouteAsync(string, string, Func{AgentDefinition, AgentDefinition})"/>
    public static async Task RouteAsync(IServiceProvider services, string tenantId, string agentId, Func<AgentDefinition, AgentDefinition> change)
    {
        await services.GetRequiredService<AgentCatalog>().ListAsync(tenantId);
        await using var session = services.GetRequiredService<IDocumentStore>().LightweightSession(tenantId);
        var agent = await session.LoadAsync<AgentDefinition>(agentId);
        session.Store(change(agent!));
        await session.SaveChangesAsync();
    }

    /// <summary>One run of the dispatch job, as Hangfire would make it; a failure worth retrying is thrown back to it.</summary>
    public async Task<List<object>> DispatchAsync(string tenantId, Guid id, string? jobId = null)
    {
        try
        {
            await Service<DispatchExecutionJob>().DispatchAsync(tenantId, id, null, jobId ?? $"job-{Guid.NewGuid():N}", CancellationToken.None);
        }
        catch (AgentCallException)
        {
            // Left to Hangfire's retry in production; the events say what happened.
        }
        return await EventsAsync(tenantId, id);
    }

    public async Task<List<object>> EventsAsync(string tenantId, Guid id)
    {
        await using var session = Store.QuerySession(tenantId);
        return (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
    }
}
