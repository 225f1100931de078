using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Econeura.Portal.Infrastructure.Egress;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Econeura.Domain.Agents;
using Econeura.Domain.Executions;

namespace Econeura.Portal.Features.Agents.Routing;

/// <summary>
/// Calls a webhook agent (Make, n8n, Zapier style): POST JSON with the route's auth header, the correlation id, the
/// attempt's idempotency key, a signature over timestamp and body, and the trace context (added by HttpClient).
/// Answers are JSON <c>{output, usage?}</c> or plain text, up to the route's size cap.
/// </summary>
public sealed class WebhookConnector(
    IHttpClientFactory clients, AgentSecrets secrets, AgentCircuits circuits, IPersonalDataMask personalData, TimeProvider time) : IAgentConnector
{
    public const string TimestampHeader = "X-Econeura-Timestamp";
    public const string SignatureHeader = "X-Econeura-Signature";

    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public AgentRoute Route => AgentRoute.Webhook;

    /// <summary>A webhook answers in one piece: the whole answer is handed on at once.</summary>
    public async Task<AgentReply> InvokeAsync(AgentInvocation invocation, AnswerText onText, CancellationToken cancellationToken)
    {
        var route = invocation.Agent.Webhook
                    ?? throw new AgentCallException($"Agent {invocation.Agent.Id} has no webhook address.", permanent: true);
        using var request = Request(invocation, route);
        var started = time.GetTimestamp();
        using var response = await SendAsync(request, route, invocation.TenantId, cancellationToken);
        var text = await ReadCappedAsync(response.Content, route.MaxResponseBytes, cancellationToken);
        if (!response.IsSuccessStatusCode) throw Refusal(response, text);
        var duration = (long)time.GetElapsedTime(started).TotalMilliseconds;
        var reply = Reply(invocation, text, response.Content.Headers.ContentType?.MediaType, duration);
        onText(reply.Output);
        return reply;
    }

    /// <summary>The POST with its body and headers: what the receiver is told.</summary>
    private HttpRequestMessage Request(AgentInvocation invocation, WebhookSettings route)
    {
        var body = Body(invocation);
        var request = new HttpRequestMessage(HttpMethod.Post, route.Url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
        };
        request.Headers.Add("X-Correlation-Id", invocation.CorrelationId);
        request.Headers.Add("Idempotency-Key", invocation.IdempotencyKey);
        if (route.AuthSecret is { } authSecret) request.Headers.TryAddWithoutValidation(route.AuthHeader, secrets.Require(invocation.TenantId, authSecret));
        if (route.SigningSecret is { } signingSecret)
        {
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            request.Headers.Add(TimestampHeader, timestamp);
            request.Headers.Add(SignatureHeader, WebhookSignature.Sign(secrets.Require(invocation.TenantId, signingSecret), timestamp, body));
        }
        request.Options.Set(AgentHttp.AttemptTimeout, TimeSpan.FromSeconds(route.TimeoutSeconds));
        request.Options.Set(EgressConnections.Tenant, invocation.TenantId);
        return request;
    }

    /// <summary>What the receiver is sent: ids, the redacted input and, for a conversation's turn, the history before it and the personality.</summary>
    public static byte[] Body(AgentInvocation invocation) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        executionId = invocation.ExecutionId,
        agentId = invocation.Agent.Id,
        input = invocation.RedactedInput,
        correlationId = invocation.CorrelationId,
        requestedBy = invocation.RequestedBy,
        tenant = invocation.TenantId,
        history = (invocation.History ?? []).Select(m => new { role = m.Role == MessageRole.User ? "user" : "agent", text = m.Text }),
        systemPrompt = invocation.SystemPrompt,
    }, Json);

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, WebhookSettings route, string tenantId, CancellationToken cancellationToken)
    {
        try
        {
            return await clients.CreateClient(AgentHttp.Webhook).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (BrokenCircuitException)
        {
            var until = circuits.OpenUntil(tenantId, route.Url);
            throw new AgentCallException(until is { } at
                ? $"Calls to this agent are paused after repeated failures, until {at:HH:mm:ss} UTC."
                : "Calls to this agent are paused after repeated failures.");
        }
        catch (TimeoutRejectedException)
        {
            throw new AgentCallException($"The agent did not answer within {route.TimeoutSeconds} s.");
        }
        catch (HttpRequestException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw AgentHttp.Unreachable(exception);
        }
    }

    /// <summary>
    /// A redirect is not followed (<see cref="EgressConnections"/>): the route must name the final address. 4xx other
    /// than 408 and 429 mean the receiver will not take this call. Neither is tried again.
    /// </summary>
    private AgentCallException Refusal(HttpResponseMessage response, string text)
    {
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400) return AgentHttp.Redirected(status);
        var permanent = status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
        return new AgentCallException($"HTTP {status} from the agent{(text.Length > 0 ? ": " + Excerpt(text) : "")}", permanent: permanent);
    }

    private static AgentReply Reply(AgentInvocation invocation, string text, string? mediaType, long durationMs)
    {
        var output = text;
        int? inputTokens = null, outputTokens = null;
        if (mediaType is "application/json" or "text/json")
        {
            WebhookAnswer? answer;
            try
            {
                answer = JsonSerializer.Deserialize<WebhookAnswer>(text, Json);
            }
            catch (JsonException)
            {
                throw new AgentCallException("The agent answered JSON that could not be read.", reachedAgent: true, permanent: true);
            }
            output = answer?.Output ?? throw new AgentCallException("The agent's JSON answer has no \"output\".", reachedAgent: true, permanent: true);
            (inputTokens, outputTokens) = (answer.Usage?.InputTokens, answer.Usage?.OutputTokens);
        }
        return new AgentReply(output, inputTokens ?? TokenEstimate.Of(invocation.RedactedInput), outputTokens ?? TokenEstimate.Of(output), durationMs);
    }

    private static async Task<string> ReadCappedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes) throw TooLarge(maxBytes);
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[maxBytes + 1];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is > 0 and var count) read += count;
        if (read > maxBytes) throw TooLarge(maxBytes);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static AgentCallException TooLarge(int maxBytes) =>
        new($"The agent's answer is larger than the {maxBytes:N0} bytes this route accepts.", reachedAgent: true, permanent: true);

    /// <summary>A receiver's words, short and with personal data masked: they go on the timeline.</summary>
    private string Excerpt(string text) => personalData.Mask(text.Length > 300 ? text[..300] : text).ReplaceLineEndings(" ").Trim();

    private sealed record WebhookAnswer(string? Output, WebhookUsage? Usage);

    private sealed record WebhookUsage(int? InputTokens, int? OutputTokens);
}

/// <summary>
/// <c>X-Econeura-Signature: sha256=&lt;hex HMAC-SHA256 of "&lt;timestamp&gt;.&lt;body&gt;"&gt;</c> with the route's signing secret;
/// a receiver recomputes it and refuses timestamps older than a few minutes (replays).
/// </summary>
public static class WebhookSignature
{
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var signed = new byte[Encoding.UTF8.GetByteCount(timestamp) + 1 + body.Length];
        var written = Encoding.UTF8.GetBytes(timestamp, signed);
        signed[written] = (byte)'.';
        body.CopyTo(signed.AsSpan(written + 1));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
