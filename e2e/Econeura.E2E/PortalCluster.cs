using Microsoft.Playwright;
using Econeura.Testing;

namespace Econeura.E2E;

/// <summary>
/// Two portal processes (nodes) on one fresh database, and a headless Debian Chromium. Live updates must cross from
/// one node to the other through PostgreSQL, as they would behind a load balancer.
/// </summary>
public class PortalCluster : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public PortalProcess NodeA { get; private set; } = null!;
    public PortalProcess NodeB { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public TestDatabase Database { get; private set; } = null!;
    public string ConnectionString => Database.ConnectionString;

    protected virtual int SimulatorLatencyMs => 600;

    /// <summary>Tests that never cross nodes start one process; <see cref="NodeB"/> is then <see cref="NodeA"/>.</summary>
    protected virtual bool SingleNode => false;

    /// <summary>More portal settings for a cluster that needs them (environment variable names).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>The connection string the nodes use for <paramref name="database"/>; a cluster may route it through something.</summary>
    protected virtual string NodeConnectionString(string database) => database;

    /// <summary>Whether the nodes carry the memory probe (<see cref="PortalProcess.MemoryAsync"/>), for a benchmark that reads it.</summary>
    protected virtual bool ProbeMemory => false;

    /// <summary>More Chromium switches for a cluster that needs them.</summary>
    protected virtual IReadOnlyList<string> BrowserArguments => [];

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("econeura_e2e");
        var connectionString = NodeConnectionString(ConnectionString);
        var settings = new Dictionary<string, string>
        {
            ["Agents__Simulator__LatencyMs"] = SimulatorLatencyMs.ToString(),
            // One persona opens dozens of pages within minutes here (every page in two languages at two widths), and a
            // closed page's circuit counts until the framework lets it go (three minutes): far more than a person would.
            ["Circuits__MaxPerUser"] = "500",
            ["DevelopmentSignIn__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        foreach (var (key, value) in Settings) settings[key] = value;
        // One after the other: the first creates the schema.
        NodeA = await PortalProcess.StartAsync(connectionString, settings, probeMemory: ProbeMemory);
        NodeB = SingleNode ? NodeA : await PortalProcess.StartAsync(connectionString, settings, probeMemory: ProbeMemory);

        _playwright = await Playwright.CreateAsync();
        Browser = await DebianChromium.LaunchAsync(_playwright, BrowserArguments);
    }

    /// <summary>
    /// A page in a fresh browser context signed in through the development sign-in page of <paramref name="node"/>,
    /// <paramref name="width"/> pixels wide, in a browser speaking <paramref name="locale"/>; the browser is in
    /// <paramref name="timeZone"/> when given (an IANA id), else in the machine's.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(PortalProcess node, string persona, int width = 1280, string? timeZone = null,
        string locale = Readers.Spanish)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = node.BaseUrl, Locale = locale, ViewportSize = new() { Width = width, Height = 900 }, TimezoneId = timeZone,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin-dev");
        await page.GetByTestId($"persona-{persona}").ClickAsync();
        // Home, or for someone without a role the page that says so.
        await page.WaitForURLAsync(url => !url.Contains("/signin-dev", StringComparison.Ordinal));
        return page;
    }

    /// <summary>A signed-in browser context whose pages share the sign-in; each page still has its own circuit.</summary>
    public async Task<IBrowserContext> SignedInContextAsync(PortalProcess node, string persona, int width = 1280)
    {
        var signIn = await SignedInPageAsync(node, persona, width);
        await signIn.CloseAsync();
        return signIn.Context;
    }

    /// <summary>Launches <paramref name="agentId"/> from its form in <paramref name="page"/>; returns the new execution's id once its live page is connected.</summary>
    public static async Task<string> LaunchAsync(IPage page, string agentId, string input)
    {
        await page.GotoAsync($"/agents/{agentId}/launch");
        await WaitForCircuitAsync(page);
        await page.Locator("textarea").FillAsync(input);
        await page.GetByTestId("launch-button").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/executions/[0-9a-f-]{36}$"));
        await WaitForCircuitAsync(page);
        return page.Url.Split('/')[^1];
    }

    /// <summary>Clicks on the prerendered page, before the circuit connects, would be lost.</summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        page.Locator("[data-testid=circuit-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public virtual async Task DisposeAsync()
    {
        // Each part is checked: a start that failed half-way must still release what it started.
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (NodeB is not null && NodeB != NodeA) await NodeB.DisposeAsync();
        if (NodeA is not null) await NodeA.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
    }
}
