using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Econeura.E2E;

/// <summary>
/// Each process keeps the settings a launch reads (the agent, prices, budgets, policies) between changes; a change
/// saved on one node must hold on every other at once, not whenever their copies happen to expire.
/// </summary>
public sealed class SettingsAcrossNodesTests(PortalCluster cluster) : IClassFixture<PortalCluster>
{
    [Fact]
    public async Task An_agent_disabled_on_one_node_is_refused_on_the_other_at_the_next_launch_and_launches_again_once_enabled()
    {
        using var ana = await cluster.NodeB.ApiClientAsync("ana");
        using var diego = await cluster.NodeA.ApiClientAsync("diego");
        async Task<HttpResponseMessage> LaunchOnNodeB() =>
            await ana.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-10", input = "Resumen de la semana" });
        // Node B has read (and kept) the agent as enabled.
        Assert.Equal(HttpStatusCode.Created, (await LaunchOnNodeB()).StatusCode);

        await SetEnabledOnNodeAAsync(diego, false);
        // A NOTIFY crosses in milliseconds; the wait only absorbs a busy machine. Without the notice it would never hold.
        var refused = await Eventually.Until(LaunchOnNodeB, r => r.StatusCode == HttpStatusCode.BadRequest, "node B to refuse the disabled agent", timeoutSeconds: 3);
        Assert.Contains("disabled", await refused.Content.ReadAsStringAsync());

        await SetEnabledOnNodeAAsync(diego, true);
        await Eventually.Until(LaunchOnNodeB, r => r.StatusCode == HttpStatusCode.Created, "node B to launch the enabled agent again", timeoutSeconds: 3);
    }

    private static async Task SetEnabledOnNodeAAsync(HttpClient admin, bool enabled)
    {
        var agents = JsonNode.Parse(await admin.GetStringAsync("/api/v1/admin/agents"))!.AsArray();
        var agent = agents.Single(a => (string?)a!["agent"]!["id"] == "neura-10")!["agent"]!.AsObject();
        agent["enabled"] = enabled;
        (await admin.PutAsJsonAsync("/api/v1/admin/agents/neura-10", agent)).EnsureSuccessStatusCode();
    }
}
