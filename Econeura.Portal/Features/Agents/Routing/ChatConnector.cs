using System.ClientModel;
using System.ClientModel.Primitives;
using Econeura.Portal.Infrastructure.Egress;
using Microsoft.Extensions.AI;
using OpenAI;
using Econeura.Domain.Agents;
using Econeura.Domain.Executions;

namespace Econeura.Portal.Features.Agents.Routing;

/// <summary>
/// Calls an OpenAI-compatible chat model (Azure OpenAI's v1 API, OpenAI, or a local server) through
/// Microsoft.Extensions.AI, over the agents' resilient HTTP client: the agent's system prompt, the conversation so far, then the redacted input.
/// The tokens the model reports are what the call is priced by, cached input and reasoning tokens each at their own price.
/// </summary>
public sealed class ChatConnector(IHttpMessageHandlerFactory handlers, AgentSecrets secrets, TimeProvider time) : IAgentConnector
{
    public AgentRoute Route => AgentRoute.Chat;

    /// <summary>
    /// Asks for a streamed completion (the OpenAI client sends <c>stream: true</c> with <c>stream_options.include_usage</c>)
    /// and hands on each piece of text as it arrives; the usage the model sends at the end prices the call.
    /// </summary>
    public async Task<AgentReply> InvokeAsync(AgentInvocation invocation, AnswerText onText, CancellationToken cancellationToken)
    {
        var route = invocation.Agent.Chat
                    ?? throw new AgentCallException($"Agent {invocation.Agent.Id} has no chat model configured.", permanent: true);
        // A local model server may need no key; the OpenAI client wants one all the same.
        var key = route.ApiKeySecret is { } secret ? secrets.Require(invocation.TenantId, secret) : "unused";
        // The SDK makes its own requests: this client marks each with the tenant, whose circuit and egress rules apply.
        using var http = new HttpClient(new ForTenant(invocation.TenantId, handlers.CreateHandler(AgentHttp.Chat)), disposeHandler: false)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        using var chat = new OpenAI.Chat.ChatClient(route.Deployment, new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(route.Endpoint),
            Transport = new HttpClientPipelineTransport(http),
            // The HTTP client retries (and breaks the circuit); the SDK's own retries would multiply them.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(route.TimeoutSeconds),
        }).AsIChatClient();
        var messages = Messages(invocation, route);

        var started = time.GetTimestamp();
        var updates = new List<ChatResponseUpdate>();
        try
        {
            // Sent as max_completion_tokens, which OpenAI and Azure OpenAI take for every model (reasoning models refuse
            // the older max_tokens) and which counts reasoning tokens too: the reply can cost no more than the estimate.
            await foreach (var update in chat.GetStreamingResponseAsync(messages, new ChatOptions { MaxOutputTokens = route.MaxOutputTokens },
                               cancellationToken))
            {
                updates.Add(update);
                if (update.Text is { Length: > 0 } piece) onText(piece);
            }
        }
        catch (ClientResultException exception)
        {
            throw exception.Status switch
            {
                0 => AgentHttp.Unreachable(exception),
                >= 300 and < 400 => AgentHttp.Redirected(exception.Status),
                var status => new AgentCallException($"HTTP {status} from the chat model.", permanent: status is >= 400 and < 500 and not (408 or 429)),
            };
        }
        catch (Exception exception) when (exception is TimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new AgentCallException($"The chat model did not answer within {route.TimeoutSeconds} s.");
        }
        var response = updates.ToChatResponse();
        var output = response.Text;
        // Microsoft.Extensions.AI's OpenAI client maps usage.prompt_tokens_details.cached_tokens to CachedInputTokenCount
        // and usage.completion_tokens_details.reasoning_tokens to ReasoningTokenCount; a stream carries them in its last chunk.
        var usage = response.Usage;
        return new AgentReply(output,
            (int?)usage?.InputTokenCount ?? TokenEstimate.Of(invocation.RedactedInput),
            // A model that reports no usage was still held to the route's maximum.
            (int?)usage?.OutputTokenCount ?? Math.Min(TokenEstimate.Of(output), route.MaxOutputTokens),
            (long)time.GetElapsedTime(started).TotalMilliseconds,
            (int?)usage?.CachedInputTokenCount ?? 0,
            (int?)usage?.ReasoningTokenCount ?? 0);
    }

    /// <summary>
    /// The system message (the route's own prompt when an admin set one for this model, else the agent's personality),
    /// the conversation so far, then the new message: what the model reads, all of it redacted.
    /// </summary>
    public static List<ChatMessage> Messages(AgentInvocation invocation, ChatSettings route)
    {
        var messages = new List<ChatMessage>();
        if ((string.IsNullOrWhiteSpace(route.SystemPrompt) ? invocation.SystemPrompt : route.SystemPrompt) is { } system
            && !string.IsNullOrWhiteSpace(system))
            messages.Add(new ChatMessage(ChatRole.System, system));
        foreach (var message in invocation.History ?? [])
            messages.Add(new ChatMessage(message.Role == MessageRole.User ? ChatRole.User : ChatRole.Assistant, message.Text));
        messages.Add(new ChatMessage(ChatRole.User, invocation.RedactedInput));
        return messages;
    }
}

/// <summary>Marks each request with the tenant it is made for, before the resilience and egress handlers read it.</summary>
file sealed class ForTenant(string tenantId, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(EgressConnections.Tenant, tenantId);
        return base.SendAsync(request, cancellationToken);
    }
}
