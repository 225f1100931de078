using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Security;

public sealed class CircuitLimitFixture : PortalFixture
{
    public const int Limit = 2;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Circuits:MaxPerUser"] = $"{Limit}" };
}

/// <summary>The circuit hub: only the portal's own pages may open circuits, and one person only so many.</summary>
public sealed class CircuitHubTests(CircuitLimitFixture fixture) : IClassFixture<CircuitLimitFixture>, IAsyncLifetime
{
    private readonly List<HubConnection> _connections = [];

    /// <summary>Blazor's hub speaks only its own MessagePack protocol, which the framework does not make public.</summary>
    private static readonly IHubProtocol BlazorPack = (IHubProtocol)Activator.CreateInstance(
        typeof(Microsoft.AspNetCore.Components.Server.CircuitOptions).Assembly.GetType("Microsoft.AspNetCore.Components.Server.BlazorPack.BlazorPackHubProtocol", throwOnError: true)!)!;

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("null")]
    public async Task A_page_of_another_site_cannot_open_a_circuit_with_the_visitors_cookie(string foreignOrigin)
    {
        var ana = await fixture.Portal.BrowserForAsync("ana");

        var foreign = await NegotiateAsync(ana, foreignOrigin);
        var own = await NegotiateAsync(ana, fixture.Portal.Address.GetLeftPart(UriPartial.Authority));
        using var socket = new HttpRequestMessage(HttpMethod.Get, "/_blazor?id=any");
        socket.Headers.Add("Origin", foreignOrigin);
        var upgrade = await ana.SendAsync(socket);

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, upgrade.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task One_person_cannot_open_more_circuits_than_the_limit_and_others_are_not_affected()
    {
        var started = new List<string?>();
        for (var i = 0; i <= CircuitLimitFixture.Limit; i++) started.Add(await StartCircuitAsync("bruno"));
        var someoneElse = await StartCircuitAsync("carmen");

        Assert.All(started.Take(CircuitLimitFixture.Limit), Assert.NotNull);
        Assert.Null(started[^1]);
        Assert.NotNull(someoneElse);
        Assert.True(fixture.Portal.Logs.Contain($"its user already has {CircuitLimitFixture.Limit} open circuits"));
    }

    private static Task<HttpResponseMessage> NegotiateAsync(HttpClient browser, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", origin);
        return browser.SendAsync(request);
    }

    /// <summary>Opens a circuit as a page would (the hub's own protocol, the session cookie); its id, or null if refused.</summary>
    private async Task<string?> StartCircuitAsync(string persona)
    {
        var cookies = new CookieContainer();
        await fixture.Portal.BrowserForAsync(persona, cookies);
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Portal.Address, "/_blazor"), HttpTransportType.WebSockets, options => options.Cookies = cookies);
        builder.Services.AddSingleton(BlazorPack);
        var connection = builder.Build();
        _connections.Add(connection);
        await connection.StartAsync();
        var baseUri = fixture.Portal.Address.ToString();
        return await connection.InvokeAsync<string?>("StartCircuit", baseUri, baseUri + "executions", "[]", "");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections) await connection.DisposeAsync();
    }
}
