using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Econeura.Portal.Tests.Infrastructure;

/// <summary>
/// One portal process (a "node") on a given database, with its Hangfire server and change listener running, served by
/// Kestrel on a free port so that requests are real HTTP: body limits, headers and status codes as a client meets them.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    private readonly string connectionString;
    private readonly string environment;
    private readonly IReadOnlyDictionary<string, string?>? settings;

    public PortalFactory(string connectionString, string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null)
    {
        this.connectionString = connectionString;
        this.environment = environment;
        this.settings = settings;
        UseKestrel(0);
    }

    /// <summary>Shared by every node of a test so that a token from one node is accepted by the others.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Every line this node logged, formatted, so a test can check what did and did not reach the logs.</summary>
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Econeura", connectionString);
        builder.UseSetting("DevelopmentSignIn:SigningKey", SigningKey);
        builder.UseSetting("Agents:Simulator:LatencyMs", "50");
        builder.UseSetting("BackgroundJobs:WorkerCount", "2");
        // Tests call the API far more often than a person would; the classes that test the limits set their own.
        builder.UseSetting("RateLimits:PerUser:PermitLimit", "0");
        builder.UseSetting("RateLimits:PerTenant:PermitLimit", "0");
        // The tests' agents listen on loopback, which the egress policy refuses unless an operator opens it; the egress
        // tests close it again.
        builder.UseSetting("Egress:AllowedRanges", "127.0.0.0/8;::1/128");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
    }

    /// <summary>The address Kestrel listens on; clients are pointed at it rather than at the default <c>http://localhost</c>.</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            return new Uri(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        }
    }

    public new HttpClient CreateClient() => CreateClient(new WebApplicationFactoryClientOptions());

    /// <summary>A plain HTTP client of the real server; redirects and cookies as the options say, like a browser that may or may not follow them.</summary>
    public new HttpClient CreateClient(WebApplicationFactoryClientOptions options) => CreateClient(options, new System.Net.CookieContainer());

    /// <summary>A client whose cookies are kept in <paramref name="cookies"/>, for another client (a SignalR connection) to share.</summary>
    public HttpClient CreateClient(WebApplicationFactoryClientOptions options, System.Net.CookieContainer cookies) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = options.AllowAutoRedirect, UseCookies = options.HandleCookies, CookieContainer = cookies })
        {
            BaseAddress = Address,
        };

    /// <summary>An API client with a bearer token of the named demo persona.</summary>
    public Task<HttpClient> ClientForAsync(string persona) => ClientForAsync(DevelopmentPersonas.Get(persona));

    public async Task<HttpClient> ClientForAsync(DevelopmentPersona persona)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.PostAsJsonAsync("/api/dev/token", new { persona = persona.Id });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        return client;
    }
}
