using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
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
/// repeats), and every request is kept as received. A chat request that asks for a stream gets one: server-sent events,
/// a <c>data:</c> line per piece, the usage in a last chunk, then <c>data: [DONE]</c>, as OpenAI sends them; a scripted
/// <c>chat.completion</c> body is streamed word by word.
/// </summary>
public sealed class TestAgentServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Answer>> _scripts = new();

    /// <param name="Held">When set, the answer waits for it as well as for <paramref name="Delay"/>: the test says when the agent replies.</param>
    /// <param name="Pieces">A streamed chat answer, piece by piece; with <paramref name="Held"/>, the pieces after the first
    /// <paramref name="HeldAfter"/> wait for it (the test says when the model goes on).</param>
    /// <param name="PieceEvery">The pause between two pieces, as a model writing at its own pace; none by default.</param>
    public sealed record Answer(int Status, string Body = "", string ContentType = "application/json", TimeSpan Delay = default, string? RetryAfter = null,
        string? Location = null, Task? Held = null, IReadOnlyList<string>? Pieces = null, ChatUsage? Usage = null, int HeldAfter = 0,
        string FinishReason = "stop", TimeSpan PieceEvery = default);

    public sealed record ChatUsage(int PromptTokens, int CompletionTokens, int CachedTokens = 0, int ReasoningTokens = 0);

    public sealed record Received(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>When this server sent each streamed answer's first piece and its end, by the request's body.</summary>
    public sealed record StreamTimes(string RequestBody, DateTimeOffset FirstPieceAt, DateTimeOffset EndAt);

    public ConcurrentQueue<StreamTimes> Streams { get; } = new();

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
        if (name == "chat" && answer.Status == 200 && AsksForStream(body.ToArray()))
        {
            var (first, end) = await StreamAsync(answer.Pieces is null ? FromCompletion(answer) : answer, context);
            Streams.Enqueue(new StreamTimes(Encoding.UTF8.GetString(body.ToArray()), first, end));
            return;
        }
        if (answer.Held is { } held) await held.WaitAsync(context.RequestAborted);
        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is { } retryAfter) context.Response.Headers.RetryAfter = retryAfter;
        if (answer.Location is { } location) context.Response.Headers.Location = location;
        context.Response.ContentType = answer.ContentType;
        await context.Response.WriteAsync(answer.Body);
    }

    private static bool AsksForStream(byte[] body) =>
        body.Length > 0 && JsonNode.Parse(body) is JsonObject request && request["stream"]?.GetValue<bool>() == true;

    /// <summary>A scripted <c>chat.completion</c> as a model would stream it: its content word by word, then its usage.</summary>
    private static Answer FromCompletion(Answer answer)
    {
        var completion = JsonNode.Parse(answer.Body)!;
        var content = completion["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        var usage = completion["usage"] is { } u
            ? new ChatUsage(u["prompt_tokens"]!.GetValue<int>(), u["completion_tokens"]!.GetValue<int>(),
                u["prompt_tokens_details"]?["cached_tokens"]?.GetValue<int>() ?? 0, u["completion_tokens_details"]?["reasoning_tokens"]?.GetValue<int>() ?? 0)
            : null;
        return answer with
        {
            Pieces = [.. content.Split(' ').Select((word, index) => index == 0 ? word : " " + word)], Usage = usage,
            FinishReason = completion["choices"]![0]!["finish_reason"]?.GetValue<string>() ?? "stop",
        };
    }

    private static async Task<(DateTimeOffset FirstPieceAt, DateTimeOffset EndAt)> StreamAsync(Answer answer, HttpContext context)
    {
        var first = DateTimeOffset.MinValue;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        for (var index = 0; index < answer.Pieces!.Count; index++)
        {
            if (index == answer.HeldAfter && answer.Held is { } held) await held.WaitAsync(context.RequestAborted);
            if (index > 0 && answer.PieceEvery > TimeSpan.Zero) await Task.Delay(answer.PieceEvery, context.RequestAborted);
            var delta = new JsonObject { ["content"] = answer.Pieces[index] };
            if (index == 0) delta["role"] = "assistant";
            await EventAsync(context, Chunk(new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = null })));
            if (index == 0) first = DateTimeOffset.UtcNow;
        }
        await EventAsync(context, Chunk(new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject(), ["finish_reason"] = answer.FinishReason })));
        if (answer.Usage is { } usage)
        {
            var last = Chunk([]);
            last["usage"] = new JsonObject
            {
                ["prompt_tokens"] = usage.PromptTokens, ["completion_tokens"] = usage.CompletionTokens,
                ["total_tokens"] = usage.PromptTokens + usage.CompletionTokens,
                ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CachedTokens },
                ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = usage.ReasoningTokens },
            };
            await EventAsync(context, last);
        }
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        return (first, DateTimeOffset.UtcNow);
    }

    private static JsonObject Chunk(JsonArray choices) =>
        new() { ["id"] = "c1", ["object"] = "chat.completion.chunk", ["created"] = 1, ["model"] = "test-model", ["choices"] = choices };

    private static async Task EventAsync(HttpContext context, JsonObject chunk)
    {
        await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n", Encoding.UTF8, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
