using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Econeura.Portal.Features.Identity;
using Econeura.Portal.Infrastructure.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Econeura.Portal.Tests.Infrastructure;

/// <summary>One portal process (a "node") on a given database, with its Hangfire server and change listener running.</summary>
public class PortalFactory(string connectionString, string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    /// <summary>Shared by every node of a test so that a token from one node is accepted by the others.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Econeura", connectionString);
        builder.UseSetting("DevelopmentSignIn:SigningKey", SigningKey);
        builder.UseSetting("Agents:Simulator:LatencyMs", "50");
        builder.UseSetting("BackgroundJobs:WorkerCount", "2");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
    }

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
