using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Testing;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for a webhook receiver (<c>/hook/{name}</c>) and an OpenAI-compatible
/// chat endpoint (<c>/v1/chat/completions</c>). Each hook answers from its script, in order (the last answer
/// repeats), and every request is kept as received.
/// </summary>
public sealed class TestAgentServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Answer>> _scripts = new();

    /// <param name="Held">When set, the answer waits for it as well as for <paramref name="Delay"/>: the test says when the agent replies.</param>
    public sealed record Answer(int Status, string Body = "", string ContentType = "application/json", TimeSpan Delay = default, string? RetryAfter = null,
        string? Location = null, Task? Held = null);

    public sealed record Received(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);

    public ConcurrentQueue<Received> Requests { get; } = new();

    public string BaseUrl { get; }

    private TestAgentServer(WebApplication app)
    {
        _app = app;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public static async Task<TestAgentServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        TestAgentServer? server = null;
        app.MapPost("/hook/{name}", async (string name, HttpContext context) => await server!.AnswerAsync(name, context));
        // Where a redirect would lead: a request here is one the portal should never have made.
        app.Map("/elsewhere/{name}", async (string name, HttpContext context) => await server!.AnswerAsync(name, context));
        app.MapPost("/v1/chat/completions", async (HttpContext context) => await server!.AnswerAsync("chat", context));
        await app.StartAsync();
        server = new TestAgentServer(app);
        return server;
    }

    /// <summary>What the hook <paramref name="name"/> answers, call after call; the last one repeats.</summary>
    public string Script(string name, params Answer[] answers)
    {
        _scripts[name] = new ConcurrentQueue<Answer>(answers);
        return $"{BaseUrl}/hook/{name}";
    }

    public IReadOnlyList<Received> To(string name) => Requests.Where(r => r.Path == $"/hook/{name}").ToList();

    private async Task AnswerAsync(string name, HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        Requests.Enqueue(new Received(context.Request.Path, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray()));
        var script = _scripts.GetValueOrDefault(name) ?? throw new InvalidOperationException($"No script for {name}.");
        var answer = script.Count > 1 && script.TryDequeue(out var next) ? next : script.TryPeek(out var last) ? last : new Answer(500);
        if (answer.Delay > TimeSpan.Zero) await Task.Delay(answer.Delay, context.RequestAborted);
        if (answer.Held is { } held) await held.WaitAsync(context.RequestAborted);
        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is { } retryAfter) context.Response.Headers.RetryAfter = retryAfter;
        if (answer.Location is { } location) context.Response.Headers.Location = location;
        context.Response.ContentType = answer.ContentType;
        await context.Response.WriteAsync(answer.Body);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
