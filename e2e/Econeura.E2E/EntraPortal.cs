using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Econeura.Testing;
using Microsoft.Playwright;

namespace Econeura.E2E;

/// <summary>
/// One portal process signing people in through <see cref="TestIdentityProvider"/>, configured as an Entra app
/// registration would be, with its authentication logged at Debug level so the tests can read what it wrote.
/// </summary>
public sealed class EntraPortal : IAsyncLifetime
{
    public const string TenantId = "7c1e9a52-3b4d-4f0e-9a61-2d8f5b0c4e17";
    public const string TenantName = "Northwind Traders";

    public static readonly TestUser Approver = new("0b6f3d1e-8a2c-4e59-b7d4-19c3e5a2f680", TenantId, "Lucía Navarro", "Econeura.User", "Econeura.Approver");
    public static readonly TestUser Newcomer = new("e4a7c2b9-5d13-4f86-a0e2-7b9d1c3f5a48", TenantId, "Tomás Ibarra");

    /// <summary>An admin of a directory nobody onboarded, who granted themselves every role (the platform's too) and consented to the app.</summary>
    public static readonly TestUser Outsider = new("a9b8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d", "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b", "Greta Olsen",
        "Econeura.User", "Econeura.Admin", "Econeura.Operator");

    private readonly ConcurrentQueue<string> _bearerTokensSent = new();
    private TestDatabase? _database;
    private IPlaywright? _playwright;

    public TestClient Client { get; } = new(Guid.NewGuid().ToString(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)), PortalProcess.FreeLoopbackUrl());
    public TestIdentityProvider Provider { get; private set; } = null!;
    public PortalProcess Portal { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("econeura_entra");
        Provider = await TestIdentityProvider.StartAsync(Client, [Approver, Newcomer, Outsider]);
        Portal = await PortalProcess.StartAsync(_database.ConnectionString, new Dictionary<string, string>
        {
            ["AzureAd__Authority"] = Provider.Authority,
            ["AzureAd__MetadataAddress"] = Provider.MetadataAddress,
            ["AzureAd__ClientId"] = Client.ClientId,
            ["AzureAd__ClientSecret"] = Client.ClientSecret,
            ["AzureAd__CallbackPath"] = "/signin-oidc",
            ["AzureAd__AllowInsecureTestProvider"] = "true",
            // The stand-in provider is no Entra tenant: the directory its users come from is allowed, and is the platform's own.
            ["AzureAd__AllowedTenants__0"] = TenantId,
            ["Platform__OperatorTenantId"] = TenantId,
            [$"Tenants__{TenantId}"] = TenantName,
            ["Logging__LogLevel__Default"] = "Debug",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug",
        }, Client.PortalBaseUrl);

        _playwright = await Playwright.CreateAsync();
        Browser = await DebianChromium.LaunchAsync(_playwright);
    }

    /// <summary>A page in a fresh browser context, as someone who has not signed in yet.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Portal.BaseUrl, Locale = "es-ES", ViewportSize = new() { Width = 1280, Height = 900 } });
        return await context.NewPageAsync();
    }

    public async Task<HttpResponseMessage> GetAgentsAsync(string bearerToken)
    {
        _bearerTokensSent.Enqueue(bearerToken);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Portal.BaseUrl}/api/v1/agents");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        return await http.SendAsync(request);
    }

    /// <summary>
    /// Neither the client secret nor any code or token the provider issued or the tests sent may appear in what the
    /// portal wrote, though it logs authentication at Debug level.
    /// </summary>
    public void AssertPortalLogHoldsNoSecret()
    {
        var log = Portal.Output;
        Assert.Contains("Microsoft.AspNetCore.Authentication", log);
        Assert.NotEmpty(Provider.IssuedCredentials);
        var lines = log.Split('\n');
        foreach (var secret in Provider.IssuedCredentials.Concat(_bearerTokensSent).Append(Client.ClientSecret))
        {
            var leak = lines.Select((line, i) => (line, i)).FirstOrDefault(l => l.line.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak.line is null, $"The portal logged a secret:\n{lines[Math.Max(0, leak.i - 1)]}\n{leak.line?.Replace(secret, "[secret]")}");
        }
    }

    public async Task DisposeAsync()
    {
        // Each part is checked: a start that failed half-way must still release what it started.
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Portal is not null) await Portal.DisposeAsync();
        if (Provider is not null) await Provider.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
