using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Econeura.Portal.Features.Agents.Routing;

/// <summary>
/// Calls an OpenAI-compatible chat model (Azure OpenAI's v1 API, OpenAI, or a local server) through
/// Microsoft.Extensions.AI, over the agents' resilient HTTP client: the agent's system prompt, then the redacted input.
/// The tokens the model reports are what the call is priced by.
/// </summary>
public sealed class ChatConnector(IHttpClientFactory clients, AgentSecrets secrets, TimeProvider time) : IAgentConnector
{
    public AgentRoute Route => AgentRoute.Chat;

    public async Task<AgentReply> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
    {
        var route = invocation.Agent.Chat
                    ?? throw new AgentCallException($"Agent {invocation.Agent.Id} has no chat model configured.", permanent: true);
        // A local model server may need no key; the OpenAI client wants one all the same.
        var key = route.ApiKeySecret is { } secret ? secrets.Require(secret) : "unused";
        using var chat = new OpenAI.Chat.ChatClient(route.Deployment, new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(route.Endpoint),
            Transport = new HttpClientPipelineTransport(clients.CreateClient(AgentHttp.Chat)),
            // The HTTP client retries (and breaks the circuit); the SDK's own retries would multiply them.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(route.TimeoutSeconds),
        }).AsIChatClient();
        List<ChatMessage> messages = string.IsNullOrWhiteSpace(route.SystemPrompt)
            ? [new(ChatRole.User, invocation.RedactedInput)]
            : [new(ChatRole.System, route.SystemPrompt), new(ChatRole.User, invocation.RedactedInput)];

        var started = time.GetTimestamp();
        ChatResponse response;
        try
        {
            response = await chat.GetResponseAsync(messages, cancellationToken: cancellationToken);
        }
        catch (ClientResultException exception)
        {
            var status = exception.Status;
            throw new AgentCallException(status == 0 ? "The chat model could not be reached." : $"HTTP {status} from the chat model.",
                permanent: status is >= 400 and < 500 and not (408 or 429));
        }
        catch (Exception exception) when (exception is TimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new AgentCallException($"The chat model did not answer within {route.TimeoutSeconds} s.");
        }
        var output = response.Text;
        return new AgentReply(output,
            (int?)response.Usage?.InputTokenCount ?? TokenEstimate.Of(invocation.RedactedInput),
            (int?)response.Usage?.OutputTokenCount ?? TokenEstimate.Of(output),
            (long)time.GetElapsedTime(started).TotalMilliseconds);
    }
}
