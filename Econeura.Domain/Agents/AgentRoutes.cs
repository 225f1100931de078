namespace Econeura.Domain.Agents;

/// <summary>
/// Where a webhook agent is called. Secrets are named, never held: <see cref="AuthSecret"/> and
/// <see cref="SigningSecret"/> are resolved from configuration (<c>Secrets:&lt;name&gt;</c>) at call time.
/// </summary>
public sealed record WebhookSettings
{
    public required string Url { get; init; }

    /// <summary>The header that carries the value of <see cref="AuthSecret"/> (Make and n8n use their own names).</summary>
    public string AuthHeader { get; init; } = "Authorization";

    public string? AuthSecret { get; init; }

    /// <summary>The HMAC-SHA256 key of <c>X-Econeura-Signature</c>; unsigned when unset.</summary>
    public string? SigningSecret { get; init; }

    public int TimeoutSeconds { get; init; } = 30;

    public int MaxResponseBytes { get; init; } = 256 * 1024;
}

/// <summary>An OpenAI-compatible chat model: Azure OpenAI or any base URL that speaks the same API.</summary>
public sealed record ChatSettings
{
    /// <summary>The base URL: <c>https://&lt;resource&gt;.openai.azure.com/openai/v1/</c> for Azure OpenAI.</summary>
    public required string Endpoint { get; init; }

    /// <summary>The model, or the Azure deployment, asked for; the agent's <see cref="AgentDefinition.Model"/> prices it.</summary>
    public required string Deployment { get; init; }

    /// <summary>Sent as a bearer token, which Azure OpenAI's v1 API and OpenAI-compatible servers both take.</summary>
    public string? ApiKeySecret { get; init; }

    public string SystemPrompt { get; init; } = "";

    public int TimeoutSeconds { get; init; } = 60;

    /// <summary>
    /// The most tokens the model may write in one reply, reasoning included: sent with every call
    /// (<c>max_completion_tokens</c>), so the estimate a launch reserves is a bound on what the call costs.
    /// </summary>
    public int MaxOutputTokens { get; init; } = DefaultMaxOutputTokens;

    public const int DefaultMaxOutputTokens = 1024;
}

public enum SimulatorPreset
{
    Normal,

    /// <summary>Eight seconds a call: long enough to watch it run, cancel it, or kill a node under it.</summary>
    Slow,

    /// <summary>Half the calls fail: retries and their timeline.</summary>
    Flaky,

    /// <summary>Every call fails: the last attempt, the failed state, the admin's retry.</summary>
    Failing,
}

/// <summary>The built-in agent's behaviour for one agent; unset values take the portal-wide simulator settings.</summary>
public sealed record SimulatorSettings
{
    public SimulatorPreset Preset { get; init; }
    public int? LatencyMs { get; init; }
    public int? OutputTokens { get; init; }
    public double? FailureRate { get; init; }
}
