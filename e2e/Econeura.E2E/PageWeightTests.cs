using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Econeura.E2E;

/// <summary>What a page costs the network: compressed on the first visit, and served from the browser's cache after.</summary>
[Collection(DemoPortal.Collection)]
public sealed class PageWeightTests(DemoPortal portal, ITestOutputHelper output)
{
    /// <summary>One response: where from, its status, and the bytes it moved (headers included; a cache hit moves none).</summary>
    private sealed record Transfer(string Url, int Status, long Bytes, bool FromCache)
    {
        /// <summary>The body crossed the network again: neither kept by the browser nor confirmed unchanged (304).</summary>
        public bool SentAgain => !FromCache && Status != 304 && Bytes > 0;
    }

    private static async Task<IReadOnlyList<Transfer>> MeasureAsync(IPage page, Func<Task> load)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var urls = new ConcurrentDictionary<string, string>();
        var cached = new ConcurrentDictionary<string, bool>();
        var statuses = new ConcurrentDictionary<string, int>();
        var transfers = new ConcurrentBag<Transfer>();
        cdp.Event("Network.requestWillBeSent").OnEvent += (_, e) => urls[Id(e)] = e!.Value.GetProperty("request").GetProperty("url").GetString()!;
        cdp.Event("Network.requestServedFromCache").OnEvent += (_, e) => cached[Id(e)] = true;
        cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
        {
            var response = e!.Value.GetProperty("response");
            statuses[Id(e)] = response.GetProperty("status").GetInt32();
            if (response.TryGetProperty("fromDiskCache", out var disk) && disk.GetBoolean()) cached[Id(e)] = true;
        };
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            var url = urls.GetValueOrDefault(Id(e), "?");
            // A data: URL (an icon inlined in a style sheet) is decoded from bytes already counted, not fetched.
            if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) return;
            transfers.Add(new(url, statuses.GetValueOrDefault(Id(e)), (long)e!.Value.GetProperty("encodedDataLength").GetDouble(), cached.ContainsKey(Id(e))));
        };
        await cdp.SendAsync("Network.enable");
        await load();
        await PortalCluster.WaitForCircuitAsync(page);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await cdp.DetachAsync();
        return [.. transfers];
    }

    private static string Id(JsonElement? e) => e!.Value.GetProperty("requestId").GetString()!;

    private void Print(string title, IReadOnlyList<Transfer> transfers)
    {
        output.WriteLine($"{title}: {transfers.Sum(t => t.Bytes) / 1024.0:0.0} KB in {transfers.Count} responses");
        foreach (var t in transfers.OrderByDescending(t => t.Bytes))
            output.WriteLine($"  {t.Bytes / 1024.0,8:0.0} KB {(t.FromCache ? "cache" : t.Status.ToString())} {Shown(t.Url)}");
    }

    /// <summary>The path of a URL the browser fetched; anything else (a request whose start was not seen) as it is.</summary>
    private static string Shown(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.PathAndQuery : url;

    [Fact]
    public async Task The_first_visit_moves_compressed_assets_and_a_reload_moves_only_the_page()
    {
        var signedIn = await portal.SignedInContextAsync(portal.NodeA, "ana");
        // A context of its own has an empty cache; it takes only the sign-in cookie.
        var context = await portal.Browser.NewContextAsync(new() { BaseURL = portal.NodeA.BaseUrl, StorageState = await signedIn.StorageStateAsync() });
        var page = await context.NewPageAsync();

        var first = await MeasureAsync(page, () => page.GotoAsync("/executions"));
        var reload = await MeasureAsync(page, () => page.ReloadAsync());

        Print("First visit", first);
        Print("Reload", reload);
        var stylesAndScripts = reload.Where(t => t.SentAgain && (t.Url.Contains(".css", StringComparison.Ordinal) || t.Url.Contains(".js", StringComparison.Ordinal))).ToList();
        Assert.True(stylesAndScripts.Count == 0, $"Fetched again on reload: {string.Join(", ", stylesAndScripts.Select(t => $"{t.Url} ({t.Bytes} B)"))}");
        Assert.True(first.Sum(t => t.Bytes) < 300 * 1024, $"The first visit moved {first.Sum(t => t.Bytes) / 1024} KB.");
    }
}
