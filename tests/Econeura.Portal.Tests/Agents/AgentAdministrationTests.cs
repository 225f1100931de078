using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunit;

namespace Econeura.Portal.Tests.Agents;

public sealed class AgentAdminFixture : PortalFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"Secrets:Tenants:{DevelopmentPersonas.Contoso.Id}:crm-token"] = "value-that-must-never-be-shown-0123",
        [$"Secrets:Tenants:{DevelopmentPersonas.Fabrikam.Id}:crm-signing"] = "fabrikams-own-signing-key-0123",
        ["Secrets:Platform:shared-signing:Value"] = "platform-signing-key-0123",
        [$"Secrets:Platform:shared-signing:Tenants"] = DevelopmentPersonas.Fabrikam.Id,
    };
}

/// <summary>Admins edit their tenant's catalog: validated per field, refused when stale, recorded, and obeyed at launch.</summary>
public sealed class AgentAdministrationTests(AgentAdminFixture fixture) : IClassFixture<AgentAdminFixture>
{
    private async Task<JsonNode> AgentAsync(HttpClient admin, string agentId) =>
        JsonNode.Parse(await admin.GetStringAsync("/api/v1/admin/agents"))!.AsArray().Single(a => (string?)a!["agent"]!["id"] == agentId)!;

    [Fact]
    public async Task An_admin_routes_an_agent_to_a_webhook_with_its_tenants_secrets_and_sees_that_they_resolve_never_their_values()
    {
        var diego = await fixture.Portal.ClientForAsync("diego");
        var agent = (await AgentAsync(diego, "neura-6"))["agent"]!.AsObject();
        agent["route"] = "webhook";
        agent["webhook"] = new JsonObject { ["url"] = "https://hooks.example.com/crm", ["authHeader"] = "X-Api-Key", ["authSecret"] = "crm-token" };

        var saved = await diego.PutAsJsonAsync("/api/v1/admin/agents/neura-6", agent);

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var text = await saved.Content.ReadAsStringAsync();
        Assert.DoesNotContain("value-that-must-never-be-shown", text);
        var secrets = JsonNode.Parse(text)!["secrets"]!.AsArray().ToDictionary(s => (string)s!["name"]!, s => (bool)s!["resolves"]!);
        Assert.Equal(new Dictionary<string, bool> { ["crm-token"] = true }, secrets);
        var history = await fixture.Service<AgentAdministration>().HistoryAsync(PortalFixture.User("diego").TenantId, "neura-6");
        var change = Assert.Single(history);
        Assert.Equal("Diego Fernández", change.ChangedBy);
        Assert.Contains(change.Changes, c => c.Field == "route" && c.After == "Webhook");
    }

    [Fact]
    public async Task Invalid_fields_are_named_a_stale_save_is_refused_and_neither_changes_anything()
    {
        var diego = await fixture.Portal.ClientForAsync("diego");
        var current = (await AgentAsync(diego, "neura-7"))["agent"]!.AsObject();
        var invalid = current.DeepClone().AsObject();
        invalid["name"] = "";
        invalid["department"] = "marketing-old";
        invalid["route"] = "webhook";
        invalid["webhook"] = new JsonObject { ["url"] = "ftp://user:pw@example.com", ["authSecret"] = "sk-live-abc def" };

        var refused = await diego.PutAsJsonAsync("/api/v1/admin/agents/neura-7", invalid);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["department", "name", "webhook.authSecret", "webhook.url"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));

        var first = current.DeepClone().AsObject();
        first["risk"] = "Medium";
        Assert.Equal(HttpStatusCode.OK, (await diego.PutAsJsonAsync("/api/v1/admin/agents/neura-7", first)).StatusCode);
        var stale = current.DeepClone().AsObject();
        stale["enabled"] = false;
        var conflict = await diego.PutAsJsonAsync("/api/v1/admin/agents/neura-7", stale);

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var now = (await AgentAsync(diego, "neura-7"))["agent"]!;
        Assert.Equal("Medium", (string?)now["risk"]);
        Assert.True((bool)now["enabled"]!);
    }

    [Fact]
    public async Task A_disabled_agent_is_refused_at_launch_with_why_and_a_non_admin_cannot_edit()
    {
        var diego = await fixture.Portal.ClientForAsync("diego");
        var agent = (await AgentAsync(diego, "neura-9"))["agent"]!.AsObject();
        agent["enabled"] = false;
        Assert.Equal(HttpStatusCode.OK, (await diego.PutAsJsonAsync("/api/v1/admin/agents/neura-9", agent)).StatusCode);

        var ana = await fixture.Portal.ClientForAsync("ana");
        var launch = await ana.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-9", input = "Agenda de visitas" });
        var edit = await ana.PutAsJsonAsync("/api/v1/admin/agents/neura-9", agent);

        Assert.Equal(HttpStatusCode.BadRequest, launch.StatusCode);
        Assert.Contains("disabled", await launch.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
    }
}

public sealed class AgentAdminPageTests(AgentAdminFixture fixture) : PortalComponentTest<AgentAdminFixture>(fixture, "diego", "es-ES")
{
    [Fact]
    public void A_field_problem_is_shown_beside_its_field_in_the_readers_language_and_nothing_is_saved()
    {
        var page = Render<AgentAdminEditPage>(p => p.Add(x => x.AgentId, "new"));
        page.WaitForElement("[data-testid=agent-id]");

        page.Find("input[data-testid=agent-id]").Change("Mal Id!");
        page.Find("[data-testid=agent-save]").Click();

        // Each message sits in its field's helper line.
        page.WaitForAssertion(() => Assert.Contains("De 2 a 60 minúsculas", page.Find("input[data-testid=agent-id]").Closest(".mud-input-control")!.TextContent));
        Assert.Contains("Obligatorio.", page.Find("input[data-testid=agent-name]").Closest(".mud-input-control")!.TextContent);
    }
}
