using Econeura.Domain.Agents;
using Econeura.Domain.Approvals;

namespace Econeura.Portal.Features.Agents;

/// <summary>An agent as its edit form holds it: every field settable, each route's settings kept while another is chosen.</summary>
public sealed class AgentForm
{
    public bool IsNew { get; init; }
    public long Version { get; init; }
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string NameEs { get; set; } = "";
    public string DescriptionEs { get; set; } = "";
    public string Department { get; set; } = Departments.All[0];
    public bool IsLead { get; set; }
    public bool Enabled { get; set; } = true;
    public RiskLevel Risk { get; set; } = RiskLevel.Low;
    public AgentRoute Route { get; set; } = AgentRoute.Simulator;
    public string Model { get; set; } = "simulator";
    public string SystemPromptEn { get; set; } = "";
    public string SystemPromptEs { get; set; } = "";
    public int ContextLimitTokens { get; set; } = AgentDefinition.DefaultContextLimitTokens;

    public string WebhookUrl { get; set; } = "";
    public string WebhookAuthHeader { get; set; } = "Authorization";
    public string? WebhookAuthSecret { get; set; }
    public string? WebhookSigningSecret { get; set; }
    public int WebhookTimeoutSeconds { get; set; } = 30;
    public int WebhookMaxResponseKb { get; set; } = 256;

    public string ChatEndpoint { get; set; } = "";
    public string ChatDeployment { get; set; } = "";
    public string? ChatApiKeySecret { get; set; }
    public string ChatSystemPrompt { get; set; } = "";
    public int ChatTimeoutSeconds { get; set; } = 60;
    public int ChatMaxOutputTokens { get; set; } = ChatSettings.DefaultMaxOutputTokens;

    public SimulatorPreset SimulatorPreset { get; set; }
    public int? SimulatorLatencyMs { get; set; }
    public double? SimulatorFailureRate { get; set; }

    public static AgentForm New() => new() { IsNew = true };

    public static AgentForm From(AgentDefinition agent)
    {
        var spanish = agent.Wordings.GetValueOrDefault("es");
        return new AgentForm
        {
            Version = agent.Version,
            Id = agent.Id,
            Name = agent.Name,
            Description = agent.Description,
            NameEs = spanish?.Name ?? "",
            DescriptionEs = spanish?.Description ?? "",
            Department = agent.Department,
            IsLead = agent.IsLead,
            Enabled = agent.Enabled,
            Risk = agent.Risk,
            Route = agent.Route,
            Model = agent.Model,
            SystemPromptEn = agent.SystemPrompts.GetValueOrDefault("en") ?? "",
            SystemPromptEs = agent.SystemPrompts.GetValueOrDefault("es") ?? "",
            ContextLimitTokens = agent.ContextLimitTokens,
            WebhookUrl = agent.Webhook?.Url ?? "",
            WebhookAuthHeader = agent.Webhook?.AuthHeader ?? "Authorization",
            WebhookAuthSecret = agent.Webhook?.AuthSecret,
            WebhookSigningSecret = agent.Webhook?.SigningSecret,
            WebhookTimeoutSeconds = agent.Webhook?.TimeoutSeconds ?? 30,
            WebhookMaxResponseKb = (agent.Webhook?.MaxResponseBytes ?? 256 * 1024) / 1024,
            ChatEndpoint = agent.Chat?.Endpoint ?? "",
            ChatDeployment = agent.Chat?.Deployment ?? "",
            ChatApiKeySecret = agent.Chat?.ApiKeySecret,
            ChatSystemPrompt = agent.Chat?.SystemPrompt ?? "",
            ChatTimeoutSeconds = agent.Chat?.TimeoutSeconds ?? 60,
            ChatMaxOutputTokens = agent.Chat?.MaxOutputTokens ?? ChatSettings.DefaultMaxOutputTokens,
            SimulatorPreset = agent.Simulator?.Preset ?? SimulatorPreset.Normal,
            SimulatorLatencyMs = agent.Simulator?.LatencyMs,
            SimulatorFailureRate = agent.Simulator?.FailureRate,
        };
    }

    /// <summary>The agent to save; a route's settings are kept only once they have been filled in.</summary>
    public AgentDefinition ToAgent() => new()
    {
        Id = Id.Trim(),
        Version = Version,
        Name = Name.Trim(),
        Description = Description.Trim(),
        Wordings = new Dictionary<string, AgentWording>
        {
            ["en"] = new(Name.Trim(), Description.Trim()),
            ["es"] = new(Blank(NameEs) ?? Name.Trim(), Blank(DescriptionEs) ?? Description.Trim()),
        },
        Department = Department,
        IsLead = IsLead,
        Enabled = Enabled,
        Risk = Risk,
        Route = Route,
        Model = Model.Trim(),
        SystemPrompts = new[] { ("en", SystemPromptEn), ("es", SystemPromptEs) }
            .Where(p => Blank(p.Item2) is not null).ToDictionary(p => p.Item1, p => p.Item2.Trim()),
        ContextLimitTokens = ContextLimitTokens,
        Webhook = Route == AgentRoute.Webhook || Blank(WebhookUrl) is not null
            ? new WebhookSettings
            {
                Url = WebhookUrl.Trim(), AuthHeader = WebhookAuthHeader.Trim(), AuthSecret = Blank(WebhookAuthSecret),
                SigningSecret = Blank(WebhookSigningSecret), TimeoutSeconds = WebhookTimeoutSeconds, MaxResponseBytes = WebhookMaxResponseKb * 1024,
            }
            : null,
        Chat = Route == AgentRoute.Chat || Blank(ChatEndpoint) is not null
            ? new ChatSettings
            {
                Endpoint = ChatEndpoint.Trim(), Deployment = ChatDeployment.Trim(), ApiKeySecret = Blank(ChatApiKeySecret),
                SystemPrompt = ChatSystemPrompt.Trim(), TimeoutSeconds = ChatTimeoutSeconds, MaxOutputTokens = ChatMaxOutputTokens,
            }
            : null,
        Simulator = SimulatorPreset == SimulatorPreset.Normal && SimulatorLatencyMs is null && SimulatorFailureRate is null
            ? null
            : new SimulatorSettings { Preset = SimulatorPreset, LatencyMs = SimulatorLatencyMs, FailureRate = SimulatorFailureRate },
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
