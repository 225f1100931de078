using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>
/// A Spanish reader in Madrid, and one in the Canary Islands, an hour behind (the server runs in UTC, without a culture of
/// its own, and guesses Madrid until the browser says): every render, the first and each live one, is in their language
/// and their time zone.
/// </summary>
public sealed class ReaderCultureTests(PortalCluster cluster) : IClassFixture<PortalCluster>
{
    private static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es-ES");
    private static readonly LocatorAssertionsToHaveCountOptions Within15Seconds = new() { Timeout = 15_000 };

    private async Task<string> LaunchAsync(string persona, string agentId, string input)
    {
        var client = await cluster.NodeA.ApiClientAsync(persona);
        var launched = await client.PostAsJsonAsync("/api/v1/executions", new { agentId, input });
        launched.EnsureSuccessStatusCode();
        return (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task ApproveAsync(string executionId)
    {
        var bruno = await cluster.NodeA.ApiClientAsync("bruno");
        var pending = await bruno.GetFromJsonAsync<JsonElement>("/api/v1/approvals?pageSize=100");
        var request = pending.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("executionId").GetString() == executionId);
        (await bruno.PostAsJsonAsync($"/api/v1/approvals/{request.GetProperty("id").GetString()}/decision",
            new { decision = "approve", version = request.GetProperty("version").GetInt64() })).EnsureSuccessStatusCode();
    }

    /// <summary>A live page of the other node, in a browser in <paramref name="zone"/>.</summary>
    private async Task<IPage> OpenAsync(string persona, string zone, string path)
    {
        var page = await cluster.SignedInPageAsync(cluster.NodeB, persona, timeZone: zone);
        await page.GotoAsync(path);
        await PortalCluster.WaitForCircuitAsync(page);
        return page;
    }

    /// <summary>A time's tooltip: "domingo, 6 de diciembre de 2026 16:51:07 (Europe/Madrid, UTC+01:00)".</summary>
    private static string Exact(DateTimeOffset at, string zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(zone));
        return $"{local.DateTime.ToString("F", Spanish)} ({zone}, UTC{local.ToString("zzz", CultureInfo.InvariantCulture)})";
    }

    /// <summary>What each &lt;time&gt; says is its datetime attribute written in the reader's time, the Spanish way.</summary>
    private static async Task ExpectLocalTimesAsync(ILocator times, string format, string zone)
    {
        var count = await times.CountAsync();
        Assert.True(count > 0, "no times on the page");
        for (var i = 0; i < count; i++)
        {
            var time = times.Nth(i);
            var at = DateTimeOffset.Parse((await time.GetAttributeAsync("datetime"))!, CultureInfo.InvariantCulture);
            var local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(zone));
            await Expect(time).ToContainTextAsync(local.DateTime.ToString(format, Spanish));
            await Expect(time).ToHaveAttributeAsync("title", Exact(at, zone));
        }
    }

    [Theory]
    [InlineData("Europe/Madrid")]
    [InlineData("Atlantic/Canary")]
    public async Task A_request_arriving_live_leaves_the_approval_queue_in_Spanish_and_local_time(string zone)
    {
        await LaunchAsync("ana", "neura-8", "Revisa la cláusula de confidencialidad del contrato");
        var queue = await OpenAsync("diego", zone, "/approvals");
        var rows = queue.Locator("[data-testid^=approval-row-]");
        await Expect(rows.First).ToBeVisibleAsync();
        var before = await rows.CountAsync();
        await ExpectQueueInSpanishAndLocalTimeAsync(queue, zone);

        await LaunchAsync("ana", "neura-8", "Revisa la cláusula de no competencia del contrato");

        await Expect(rows).ToHaveCountAsync(before + 1, Within15Seconds);
        await ExpectQueueInSpanishAndLocalTimeAsync(queue, zone);
    }

    private async Task ExpectQueueInSpanishAndLocalTimeAsync(IPage queue, string zone)
    {
        await Expect(queue.Locator("h1")).ToHaveTextAsync("Cola de aprobaciones");
        await Expect(queue.Locator("th").First).ToHaveTextAsync("Agente");
        var diego = await cluster.NodeA.ApiClientAsync("diego");
        foreach (var request in (await diego.GetFromJsonAsync<JsonElement>("/api/v1/approvals?pageSize=100")).GetProperty("items").EnumerateArray())
        {
            var row = queue.GetByTestId($"approval-row-{request.GetProperty("id").GetString()}");
            await Expect(row.GetByTestId("risk-level")).ToHaveTextAsync(new Regex("^Riesgo (bajo|medio|alto)$"));
            await Expect(row.Locator("td.numeric")).ToHaveTextAsync(new Regex(@"^\d+,\d{4}\s€$"));
            await Expect(row.GetByTestId("approval-time-left")).ToHaveAttributeAsync("title", Exact(request.GetProperty("expireAt").GetDateTimeOffset(), zone));
        }
    }

    [Theory]
    [InlineData("Europe/Madrid")]
    [InlineData("Atlantic/Canary")]
    public async Task The_execution_page_stays_in_Spanish_and_local_time_through_its_live_changes(string zone)
    {
        var ana = await cluster.SignedInPageAsync(cluster.NodeA, "ana", timeZone: zone);
        var executionId = await PortalCluster.LaunchAsync(ana, "neura-8", "Revisa la cláusula de exclusividad del contrato");
        await Expect(ana.GetByTestId("execution-status").First).ToHaveTextAsync("Pendiente de aprobación");
        await ExpectLocalTimesAsync(ana.Locator("main time:not([data-testid=timeline-time])"), "g", zone);
        await ExpectLocalTimesAsync(ana.GetByTestId("timeline-time"), "HH:mm:ss", zone);

        await ApproveAsync(executionId);

        await Expect(ana.GetByTestId("execution-status").First).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 30_000 });
        await Expect(ana.GetByTestId("execution-status").First).ToHaveTextAsync("Completada");
        await Expect(ana.Locator("th[scope=row]").First).ToHaveTextAsync("Riesgo");
        await ExpectLocalTimesAsync(ana.Locator("main time:not([data-testid=timeline-time])"), "g", zone);
        await ExpectLocalTimesAsync(ana.GetByTestId("timeline-time"), "HH:mm:ss", zone);
    }

    [Theory]
    [InlineData("Europe/Madrid")]
    [InlineData("Atlantic/Canary")]
    public async Task The_execution_list_stays_in_Spanish_and_local_time_when_a_run_arrives_and_completes(string zone)
    {
        await LaunchAsync("carmen", "cfo-treasury", "Previsión de tesorería a 13 semanas");
        var carmen = await OpenAsync("carmen", zone, "/executions");
        var rows = carmen.Locator("tbody tr[data-execution]");
        await Expect(rows.First).ToBeVisibleAsync();
        await ExpectLocalTimesAsync(carmen.Locator("tbody time"), "g", zone);

        var executionId = await LaunchAsync("carmen", "cfo-invoicing", "Facturas pendientes de noviembre");

        var arrived = carmen.GetByTestId($"execution-row-{executionId}");
        await Expect(arrived.GetByTestId("execution-status")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 30_000 });
        await Expect(arrived.GetByTestId("execution-status")).ToHaveTextAsync("Completada");
        await Expect(carmen.Locator("h1")).ToHaveTextAsync("Ejecuciones");
        await Expect(carmen.Locator("thead th").First).ToContainTextAsync("Agente");
        await ExpectLocalTimesAsync(carmen.Locator("tbody time"), "g", zone);
    }
}
