namespace Econeura.Domain.Agents;

public enum AgentProblem
{
    Required,
    TooLong,
    BadId,
    UnknownDepartment,
    NotAnAddress,
    NotASecretName,
    OutOfRange,

    /// <summary>The name is not one of the tenant's secrets (checked by the portal, which knows the tenant's configuration).</summary>
    UnknownSecret,

    /// <summary>The address is in a network the tenant's agents may not call (the portal's egress policy).</summary>
    AddressNotAllowed,
}

/// <summary>What an admin's agent must satisfy before it is saved; each problem names its field.</summary>
public static class AgentRules
{
    public const int LongestName = 80;
    public const int LongestDescription = 500;
    public const int LongestPrompt = 4_000;
    public const int LongestTimeoutSeconds = 300;
    public const int LargestResponseBytes = 4 * 1024 * 1024;

    /// <summary>The largest reply any current model writes (reasoning included).</summary>
    public const int MostOutputTokens = 128_000;

    /// <summary>The smallest context worth a conversation, and the largest any current model reads.</summary>
    public const int LeastContextTokens = 500;

    public const int MostContextTokens = 1_000_000;

    public static IReadOnlyList<(string Field, AgentProblem Problem)> Validate(AgentDefinition agent)
    {
        var problems = new List<(string, AgentProblem)>();
        void Text(string field, string? value, int longest, bool required = true)
        {
            if (string.IsNullOrWhiteSpace(value)) { if (required) problems.Add((field, AgentProblem.Required)); }
            else if (value.Length > longest || !Common.StorableText.IsStorable(value)) problems.Add((field, AgentProblem.TooLong));
        }
        void Secret(string field, string? name)
        {
            if (name is not null && !IsSecretName(name)) problems.Add((field, AgentProblem.NotASecretName));
        }
        void Address(string field, string? url)
        {
            if (!IsHttpAddress(url)) problems.Add((field, AgentProblem.NotAnAddress));
        }
        void Range(string field, double value, double least, double most)
        {
            if (value < least || value > most) problems.Add((field, AgentProblem.OutOfRange));
        }

        if (!IsId(agent.Id)) problems.Add(("id", AgentProblem.BadId));
        Text("name", agent.Name, LongestName);
        Text("description", agent.Description, LongestDescription);
        foreach (var (language, wording) in agent.Wordings)
        {
            Text($"wordings.{language}.name", wording.Name, LongestName);
            Text($"wordings.{language}.description", wording.Description, LongestDescription);
        }
        foreach (var (language, prompt) in agent.SystemPrompts) Text($"systemPrompts.{language}", prompt, LongestPrompt, required: false);
        Range("contextLimitTokens", agent.ContextLimitTokens, LeastContextTokens, MostContextTokens);
        if (!Departments.All.Contains(agent.Department)) problems.Add(("department", AgentProblem.UnknownDepartment));
        Text("model", agent.Model, 100);
        switch (agent.Route)
        {
            case AgentRoute.Webhook when agent.Webhook is { } webhook:
                Address("webhook.url", webhook.Url);
                Text("webhook.authHeader", webhook.AuthHeader, 100);
                Secret("webhook.authSecret", webhook.AuthSecret);
                Secret("webhook.signingSecret", webhook.SigningSecret);
                Range("webhook.timeoutSeconds", webhook.TimeoutSeconds, 1, LongestTimeoutSeconds);
                Range("webhook.maxResponseBytes", webhook.MaxResponseBytes, 1024, LargestResponseBytes);
                break;
            case AgentRoute.Chat when agent.Chat is { } chat:
                Address("chat.endpoint", chat.Endpoint);
                Text("chat.deployment", chat.Deployment, 100);
                Secret("chat.apiKeySecret", chat.ApiKeySecret);
                Text("chat.systemPrompt", chat.SystemPrompt, LongestPrompt, required: false);
                Range("chat.timeoutSeconds", chat.TimeoutSeconds, 1, LongestTimeoutSeconds);
                Range("chat.maxOutputTokens", chat.MaxOutputTokens, 1, MostOutputTokens);
                break;
            // A route without its settings: its address is what is missing.
            case AgentRoute.Webhook:
                problems.Add(("webhook.url", AgentProblem.Required));
                break;
            case AgentRoute.Chat:
                problems.Add(("chat.endpoint", AgentProblem.Required));
                break;
            case AgentRoute.Simulator when agent.Simulator is { } simulator:
                Range("simulator.latencyMs", simulator.LatencyMs ?? 0, 0, 60_000);
                Range("simulator.failureRate", simulator.FailureRate ?? 0, 0, 1);
                Range("simulator.outputTokens", simulator.OutputTokens ?? 0, 0, 100_000);
                break;
        }
        return problems;
    }

    public static bool IsId(string? id) =>
        id is { Length: >= 2 and <= 60 } && id.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-') && id[0] != '-';

    /// <summary>A name under <c>Secrets:</c> in configuration: letters, digits, dashes and underscores.</summary>
    public static bool IsSecretName(string name) =>
        name is { Length: >= 1 and <= 100 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static bool IsHttpAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && string.IsNullOrEmpty(uri.UserInfo);
}
