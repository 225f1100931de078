using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Bunit;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>A portal whose directory sends the cost centre in a claim of its own name, as an Entra directory extension would.</summary>
public sealed class CostCentreFixture : PortalFixture
{
    public const string DirectoryClaim = "extn.costCenter";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CostCentres:DirectoryClaim"] = DirectoryClaim,
        ["Dispatch:PerTenantInFlight"] = "0",
    };
}

/// <summary>
/// Spend charged to the requester's cost centre as it was at the request, on a real database: read from the directory's
/// claim or assigned by an admin (who wins), never moved by a later change, and the same by cost centre in the
/// dashboard, the API and the export.
/// </summary>
public sealed class CostCentreTests(CostCentreFixture fixture) : PortalComponentTest<CostCentreFixture>(fixture, "diego", "en-GB")
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly PortalUser Carmen = PortalFixture.User("carmen");
    private static readonly PortalUser Olga = PortalFixture.User("olga");
    private static readonly PortalUser Diego = PortalFixture.User("diego");

    private async Task<ExecutionView> CompletedAsync(PortalUser user, string agentId)
    {
        var launched = Assert.IsType<LaunchResult.Launched>(await Fixture.Service<ExecutionLauncher>().LaunchAsync(user, agentId, "Resumen de gastos del trimestre"));
        return await CompletionOfAsync(user.TenantId, launched.ExecutionId);
    }

    private async Task<ExecutionView> CompletionOfAsync(string tenantId, Guid executionId) =>
        await Eventually.Until(async () =>
        {
            await using var session = Fixture.Store.QuerySession(tenantId);
            return (await session.LoadAsync<ExecutionView>(executionId))!;
        }, view => view.Status == ExecutionStatus.Completed, "the run to complete");

    private async Task<IReadOnlyList<(Guid ExecutionId, string? CostCentre, decimal CostEur)>> CostsAsync(string tenantId)
    {
        await using var session = Fixture.Store.QuerySession(tenantId);
        return (await session.Events.QueryRawEventDataOnly<CostRecorded>().ToListAsync()).Select(c => (c.ExecutionId, c.RequesterCostCentre, c.CostEur)).ToList();
    }

    private Task<DateOnly> TodayAsync() => Fixture.Service<FinOpsSettingsStore>().TodayAsync(Ana.TenantId);

    private static Task<HttpResponseMessage> AssignAsync(HttpClient admin, string userId, object body) =>
        admin.PutAsJsonAsync($"/api/v1/admin/people/{userId}/cost-centre", body);

    [Fact]
    public async Task A_cost_is_charged_to_the_requesters_cost_centre_and_a_later_assignment_moves_only_what_comes_after()
    {
        await Fixture.Portal.BrowserForAsync("ana"); // signs in: the admins see her
        var before = await CompletedAsync(Ana, "neura-1");
        var diego = await Fixture.Portal.ClientForAsync("diego");
        var person = (await diego.GetFromJsonAsync<JsonElement>("/api/v1/admin/people")).EnumerateArray()
            .Single(p => p.GetProperty("userId").GetString() == Ana.UserId);

        var assigned = await AssignAsync(diego, Ana.UserId, new { costCentre = "CC-9000", version = person.GetProperty("version").GetInt64() });
        var after = await CompletedAsync(Ana, "neura-1");

        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        var costs = await CostsAsync(Ana.TenantId);
        Assert.All(costs.Where(c => c.ExecutionId == before.Id), c => Assert.Equal("CC-2100", c.CostCentre));
        Assert.All(costs.Where(c => c.ExecutionId == after.Id), c => Assert.Equal("CC-9000", c.CostCentre));
        var today = await TodayAsync();
        var summary = await Fixture.Service<SpendQueries>().SummaryAsync(Ana.TenantId, new SpendFilter(today, today, AgentId: "neura-1"), today);
        Assert.Equal((before.CostEur, after.CostEur), (summary.ByCostCentre.Single(l => l.Key == "CC-2100").CostEur, summary.ByCostCentre.Single(l => l.Key == "CC-9000").CostEur));
    }

    [Fact]
    public async Task The_dashboard_the_api_and_the_export_agree_by_cost_centre_over_whole_months_single_days_and_one_cost_centre()
    {
        await CompletedAsync(Ana, "neura-5");
        await CompletedAsync(Carmen, "neura-5");
        await CompletedAsync(Olga, "cmo-funnel"); // no cost centre in the directory
        var costs = await CostsAsync(Ana.TenantId);
        var expected = costs.GroupBy(c => c.CostCentre ?? "").ToDictionary(g => g.Key, g => g.Sum(c => c.CostEur));
        var today = await TodayAsync();
        var carmen = await Fixture.Portal.ClientForAsync("carmen");
        var browser = await Fixture.Portal.BrowserForAsync("carmen", "es-ES");

        foreach (var (from, to) in new[] { (new DateOnly(today.Year, today.Month, 1), today), (today, today) })
        {
            var range = $"from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";
            var api = (await carmen.GetFromJsonAsync<SpendSummary>($"/api/v1/costs?{range}", PortalFactory.Json))!;
            var csv = await browser.GetStringAsync($"/finance/export.csv?{range}");
            var exported = Rows(csv).GroupBy(r => r[9]).ToDictionary(g => g.Key, g => g.Sum(r => decimal.Parse(r[8], new CultureInfo("es-ES"))));

            Assert.Equal(expected.OrderBy(e => e.Key), api.ByCostCentre.ToDictionary(l => l.Key, l => l.CostEur).OrderBy(e => e.Key));
            Assert.Equal(expected.OrderBy(e => e.Key), exported.OrderBy(e => e.Key));
            Assert.Equal(api.TotalEur, api.ByCostCentre.Sum(l => l.CostEur));
        }
        var oneCentre = (await carmen.GetFromJsonAsync<SpendSummary>($"/api/v1/costs?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}&costCentre=CC-3100", PortalFactory.Json))!;
        var oneCentreCsv = Rows(await browser.GetStringAsync($"/finance/export.csv?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}&costCentre=CC-3100"));
        Assert.Equal((expected["CC-3100"], expected["CC-3100"]), (oneCentre.TotalEur, oneCentre.ByDepartment.Sum(d => d.CostEur)));
        Assert.Equal(["CC-3100"], oneCentre.ByCostCentre.Select(l => l.Key));
        Assert.Equal(expected["CC-3100"], oneCentreCsv.Sum(r => decimal.Parse(r[8], new CultureInfo("es-ES"))));

        var dashboard = Render<FinanceDashboardPage>();
        var bars = dashboard.WaitForElement("[data-testid=finance-by-cost-centre]");
        Assert.Equal(
            expected.Select(e => $"{(e.Key.Length > 0 ? e.Key : "No cost centre")}: {Formatting.Euros(e.Value)}").Order(),
            bars.QuerySelectorAll("[data-testid=spend-change]").Select(row => $"{row.QuerySelector("th")!.TextContent.Trim()}: {row.QuerySelector("td")!.TextContent}")
                .Order());
        Assert.Contains(dashboard.FindAll("[data-testid=finance-cost-centre] option"), o => o.GetAttribute("value") == "CC-3100");
    }

    private static List<string[]> Rows(string csv) =>
        csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Select(l => l.Split(';')).ToList();

    [Fact]
    public async Task The_cost_centre_is_read_from_the_directory_claim_the_configuration_names_in_a_signed_in_users_token()
    {
        var client = Fixture.Portal.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(
            new(PortalClaims.ObjectId, "entra-user-77"), new(PortalClaims.Tenant, Ana.TenantId), new(PortalClaims.Name, "Iris Gómez"),
            new(PortalClaims.Roles, AppRoles.User), new(CostCentreFixture.DirectoryClaim, "CC-7700")));

        var response = await client.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-5", input = "Borrador de respuesta al cliente" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var view = await CompletionOfAsync(Ana.TenantId, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.All((await CostsAsync(Ana.TenantId)).Where(c => c.ExecutionId == view.Id), c => Assert.Equal("CC-7700", c.CostCentre));
    }

    /// <summary>A token as the development issuer signs them, with exactly these claims.</summary>
    private static string Token(params Claim[] claims) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "econeura-development",
        Audience = "econeura-api",
        Subject = new ClaimsIdentity(claims),
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(PortalFactory.SigningKey)), SecurityAlgorithms.HmacSha256),
    });

    [Fact]
    public async Task An_assignment_is_validated_versioned_wins_over_the_directory_and_is_seen_by_no_other_tenant()
    {
        await Fixture.Portal.BrowserForAsync("diego");
        var diego = await Fixture.Portal.ClientForAsync("diego");
        var fabio = await Fixture.Portal.ClientForAsync("fabio");

        var formula = await AssignAsync(diego, Diego.UserId, new { costCentre = "=HYPERLINK(\"x\")", version = 0 });
        var tooLong = await AssignAsync(diego, Diego.UserId, new { costCentre = new string('C', 41), version = 0 });
        var noVersion = await AssignAsync(diego, Diego.UserId, new { costCentre = "CC-5000" });
        var nobody = await AssignAsync(diego, "dev-nobody", new { costCentre = "CC-5000", version = 0 });
        var fromFabrikam = await AssignAsync(fabio, Diego.UserId, new { costCentre = "FR-1", version = 0 });
        var saved = await AssignAsync(diego, Diego.UserId, new { costCentre = " CC-5000 ", version = 0 });
        var stale = await AssignAsync(diego, Diego.UserId, new { costCentre = "CC-6000", version = 0 });
        var fabrikamPeople = await fabio.GetStringAsync("/api/v1/admin/people");

        Assert.Equal(["costCentre"], (await formula.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Contains("40", (await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("costCentre")[0].GetString());
        Assert.Equal(["version"], (await noVersion.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (nobody.StatusCode, fromFabrikam.StatusCode));
        var person = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("CC-1000", "CC-5000", "CC-5000", 1L), (person.GetProperty("directoryCostCentre").GetString(), person.GetProperty("assignedCostCentre").GetString(),
            person.GetProperty("chargedTo").GetString(), person.GetProperty("version").GetInt64()));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Equal("CC-5000", await Fixture.Service<PersonCostCentres>().ChargedToAsync(Diego));
        Assert.DoesNotContain("Diego", fabrikamPeople);
        Assert.DoesNotContain("CC-", fabrikamPeople);
    }

    [Fact]
    public async Task The_page_lists_who_signed_in_refuses_a_bad_code_with_a_message_and_saves_a_good_one()
    {
        await Fixture.Portal.BrowserForAsync("bruno");
        var page = Render<CostCentresPage>();
        var row = page.WaitForElements("[data-testid=cost-centres] tbody tr").Single(r => r.TextContent.Contains("Bruno Martín"));
        Assert.Equal("CC-2100", row.QuerySelector("[data-testid=person-charged-to]")!.TextContent.Trim());

        page.FindAll("[data-testid=cost-centres] tbody tr").Single(r => r.TextContent.Contains("Bruno Martín"))
            .QuerySelector("[data-testid=cost-centre-edit]")!.Click();
        Field(page).Input("CC;2200");
        page.Find("[data-testid=cost-centre-form]").Submit();

        page.WaitForAssertion(() => Assert.Contains("Only letters, digits, spaces and - _ . / are allowed.", page.Find("[data-testid=cost-centre-form]").TextContent));
        Assert.Equal("CC-2100", await Fixture.Service<PersonCostCentres>().ChargedToAsync(PortalFixture.User("bruno")));

        Field(page).Input("CC-2200");
        page.Find("[data-testid=cost-centre-form]").Submit();

        page.WaitForAssertion(() => Assert.Equal("CC-2200",
            page.FindAll("[data-testid=cost-centres] tbody tr").Single(r => r.TextContent.Contains("Bruno Martín")).QuerySelector("[data-testid=person-charged-to]")!.TextContent.Trim()));
        Assert.Equal("CC-2200", await Fixture.Service<PersonCostCentres>().ChargedToAsync(PortalFixture.User("bruno")));
        Assert.Single(page.FindAll("h1"));
    }

    private static AngleSharp.Dom.IElement Field(IRenderedComponent<CostCentresPage> page) =>
        page.WaitForElement("input[data-testid=cost-centre-field], [data-testid=cost-centre-field] input");

    [Fact]
    public async Task Spend_tables_made_before_cost_centres_gain_the_column_at_start_with_their_rows_as_none()
    {
        var database = Fixture.Service<NpgsqlDataSource>();
        var day = new DateOnly(2025, 3, 14);
        foreach (var (table, keys) in new[]
                 {
                     (SpendProjection.Detail, "tenant_id, day, department, agent_id, user_id, model, shard"),
                     (SpendProjection.MonthlyUsers, "tenant_id, month, department, user_id, shard"),
                 })
        {
            await using var command = database.CreateCommand($"""
                do $$ declare pk text; begin
                  select conname into pk from pg_constraint where conrelid = '{table}'::regclass and contype = 'p';
                  alter table {table} drop column cost_centre;
                  execute format('alter table {table} add constraint %I primary key ({keys})', pk);
                end $$;
                """);
            await command.ExecuteNonQueryAsync();
        }
        await using (var old = database.CreateCommand($"""
            insert into {SpendProjection.Detail} (tenant_id, day, department, agent_id, user_id, model, shard, user_name, cost_eur, calls, input_tokens, output_tokens)
            values (@tenant, @day, 'legal', 'neura-11', 'dev-ana', 'gpt-4o-mini', 0, 'Ana García', 0.5, 1, 100, 100);
            insert into {SpendProjection.MonthlyUsers} (tenant_id, month, department, user_id, shard, user_name, cost_eur, calls, input_tokens, output_tokens)
            values (@tenant, @month, 'legal', 'dev-ana', 0, 'Ana García', 0.5, 1, 100, 100);
            """))
        {
            old.Parameters.AddWithValue("tenant", Ana.TenantId);
            old.Parameters.AddWithValue("day", day);
            old.Parameters.AddWithValue("month", new DateOnly(day.Year, day.Month, 1));
            await old.ExecuteNonQueryAsync();
        }

        await Fixture.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        await Fixture.Store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
        var whole = await Fixture.Service<SpendQueries>().SummaryAsync(Ana.TenantId, new SpendFilter(day.AddDays(-13), day.AddDays(17)), day.AddDays(30));
        var single = await Fixture.Service<SpendQueries>().SummaryAsync(Ana.TenantId, new SpendFilter(day, day), day.AddDays(30));
        Assert.Equal([("", 0.5m)], whole.ByCostCentre.Select(l => (l.Key, l.CostEur)));
        Assert.Equal([("", 0.5m)], single.ByCostCentre.Select(l => (l.Key, l.CostEur)));
        // New costs are added under the widened key.
        var view = await CompletedAsync(Carmen, "neura-11");
        var today = await TodayAsync();
        Assert.Equal(view.CostEur, (await Fixture.Service<SpendQueries>().SummaryAsync(Ana.TenantId, new SpendFilter(today, today, AgentId: "neura-11"), today))
            .ByCostCentre.Single(l => l.Key == "CC-3100").CostEur);
    }
}
