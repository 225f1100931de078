using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>
/// An admin points an agent at a real webhook in the browser; a user launches it and sees the webhook's answer arrive live,
/// shown safely whatever it holds.
/// </summary>
public sealed class AgentWebhookTests(PortalCluster cluster) : IClassFixture<PortalCluster>, IAsyncLifetime
{
    private TestAgentServer _receiver = default!;

    public async Task InitializeAsync() => _receiver = await TestAgentServer.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task An_admin_routes_an_agent_to_a_webhook_and_a_users_launch_shows_the_webhooks_answer_live()
    {
        var answer = new TestAgentServer.Answer(200, """{"output":"Ticket 4521 respondido por el webhook"}""", Delay: TimeSpan.FromSeconds(1));
        var admin = await RouteToWebhookAsync("neura-11", _receiver.Script("support", answer));
        await admin.GotoAsync("/admin/agents");
        await Expect(admin.GetByTestId("agent-admin-neura-11")).ToContainTextAsync("Webhook");

        var user = await cluster.SignedInPageAsync(cluster.NodeB, "ana");
        await PortalCluster.LaunchAsync(user, "neura-11", "Responde al ticket 4521 sobre la factura duplicada");
        await user.EvaluateAsync("() => window.econeuraNotReloaded = true");

        await Expect(user.GetByTestId("execution-output")).ToContainTextAsync("Ticket 4521 respondido por el webhook", new() { Timeout = 30_000 });
        Assert.True(await user.EvaluateAsync<bool>("() => window.econeuraNotReloaded === true"), "the execution page reloaded");
        var call = Assert.Single(_receiver.To("support"));
        Assert.Contains("factura duplicada", System.Text.Encoding.UTF8.GetString(call.Body));
        Assert.StartsWith("00-", call.Headers["traceparent"]);
    }

    [Fact]
    public async Task An_answer_with_a_script_and_a_remote_image_shows_the_script_as_text_never_loads_the_image_and_copies_its_code()
    {
        var elsewhere = $"{_receiver.BaseUrl}/elsewhere";
        var markdown = $"## Informe\n\n<script>window.econeuraScriptRan = true</script>\n\n"
            + $"![píxel]({elsewhere}/pixel.png) y <img src={elsewhere}/img.png>\n\n```sql\nSELECT total FROM ventas;\n```\n\nFin.";
        await RouteToWebhookAsync("neura-10", _receiver.Script("report", new TestAgentServer.Answer(200, JsonSerializer.Serialize(new { output = markdown }))));

        var user = await cluster.SignedInPageAsync(cluster.NodeB, "ana");
        await Threads.StartAsync(user, "neura-10", "Prepara el informe de la semana");
        var answer = (await Threads.AnsweredAsync(user, 1)).GetByTestId("markdown-text");

        await Expect(answer.GetByRole(AriaRole.Heading, new() { Name = "Informe" })).ToBeVisibleAsync();
        await Expect(answer).ToContainTextAsync("<script>window.econeuraScriptRan = true</script>");
        await Expect(answer).ToContainTextAsync("Fin.");
        await Expect(answer.Locator("script, img")).ToHaveCountAsync(0);
        Assert.False(await user.EvaluateAsync<bool>("() => window.econeuraScriptRan === true"), "the answer's script ran");
        Assert.DoesNotContain(_receiver.Requests, r => r.Path.StartsWith("/elsewhere", StringComparison.Ordinal));

        // The code block's copy button puts the code, and only the code, on the clipboard.
        await user.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await answer.Locator(".md-copy").ClickAsync();
        Assert.Equal("SELECT total FROM ventas;", (await user.EvaluateAsync<string>("() => navigator.clipboard.readText()")).Trim());
    }

    /// <summary>An admin points <paramref name="agentId"/> at the webhook <paramref name="url"/>; returns the admin's page.</summary>
    private async Task<IPage> RouteToWebhookAsync(string agentId, string url)
    {
        var admin = await cluster.SignedInPageAsync(cluster.NodeA, "diego");
        await admin.GotoAsync($"/admin/agents/{agentId}");
        await PortalCluster.WaitForCircuitAsync(admin);
        await admin.GetByTestId("agent-route").ClickAsync();
        await admin.GetByRole(AriaRole.Option, new() { Name = "Webhook" }).ClickAsync();
        await admin.Locator("input[data-testid=agent-webhook-url]").FillAsync(url);
        await admin.GetByTestId("agent-save").ClickAsync();
        await Expect(admin.GetByText("Agente guardado.")).ToBeVisibleAsync();
        return admin;
    }
}
