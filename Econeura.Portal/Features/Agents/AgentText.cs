using System.Globalization;
using Econeura.Domain.Agents;
using Econeura.Portal.Resources;
using Econeura.Portal.Infrastructure.Settings;
using Microsoft.Extensions.Localization;

namespace Econeura.Portal.Features.Agents;

/// <summary>An agent's settings in the words of its edit form.</summary>
public static class AgentText
{
    /// <summary>How much of a personality each version shows: enough to tell two apart.</summary>
    private const int PromptShown = 60;

    /// <summary>
    /// An agent's history as its form reads: "Ruta: Simulador → Webhook", "Respuesta máxima (KB): 256 → 512". The English
    /// wording is the name and description themselves, and whether an agent leads its department is not on the form.
    /// </summary>
    public static SettingsWording History(IStringLocalizer<Strings> l) => new(
        field => field switch
        {
            "id" => l["AgentAdmin_Id"],
            "name" => l["AgentAdmin_NameEn"],
            "description" => l["AgentAdmin_DescriptionEn"],
            "wordings.es.name" => l["AgentAdmin_NameEs"],
            "wordings.es.description" => l["AgentAdmin_DescriptionEs"],
            "department" => l["AgentAdmin_Department"],
            "risk" => l["Risk_Label"],
            "enabled" => l["AgentAdmin_EnabledSwitch"],
            "route" => l["AgentAdmin_Route"],
            "model" => l["AgentAdmin_Model"],
            "webhook.url" => l["AgentAdmin_WebhookUrl"],
            "webhook.authHeader" => l["AgentAdmin_AuthHeader"],
            "webhook.authSecret" => l["AgentAdmin_AuthSecret"],
            "webhook.signingSecret" => l["AgentAdmin_SigningSecret"],
            "webhook.timeoutSeconds" or "chat.timeoutSeconds" => l["AgentAdmin_TimeoutSeconds"],
            "webhook.maxResponseBytes" => l["AgentAdmin_MaxResponseKb"],
            "chat.endpoint" => l["AgentAdmin_ChatEndpoint"],
            "chat.deployment" => l["AgentAdmin_ChatDeployment"],
            "chat.apiKeySecret" => l["AgentAdmin_ApiKeySecret"],
            "chat.systemPrompt" => l["AgentAdmin_SystemPrompt"],
            "chat.maxOutputTokens" => l["AgentAdmin_MaxOutputTokens"],
            "simulator.preset" => l["AgentAdmin_Preset"],
            "simulator.latencyMs" => l["AgentAdmin_LatencyMs"],
            "simulator.failureRate" => l["AgentAdmin_FailureRate"],
            "systemPrompts.en" => l["Conv_AgentPromptEn"],
            "systemPrompts.es" => l["Conv_AgentPromptEs"],
            "contextLimitTokens" => l["Conv_AgentContextLimit"],
            _ when field.StartsWith("wordings.en.", StringComparison.Ordinal) || field == "isLead" => null,
            _ => field,
        },
        (field, value) => field switch
        {
            "department" => l[$"Department_{value}"],
            "risk" => l[$"Risk_{value}"],
            "enabled" => SettingsWording.Switch(l, value),
            "route" => l[$"AgentRoute_{value}"],
            "simulator.preset" => l[$"SimulatorPreset_{value}"],
            "webhook.maxResponseBytes" when int.TryParse(value, CultureInfo.InvariantCulture, out var bytes) =>
                (bytes / 1024).ToString(CultureInfo.CurrentCulture),
            "simulator.failureRate" => SettingsWording.Number(value),
            "systemPrompts.en" or "systemPrompts.es" => value.Length > PromptShown ? $"«{value[..PromptShown].TrimEnd()}…»" : $"«{value}»",
            "contextLimitTokens" when int.TryParse(value, CultureInfo.InvariantCulture, out var tokens) =>
                l["Conv_Tokens", tokens.ToString("N0", CultureInfo.CurrentCulture)],
            _ => value,
        },
        // An agent without simulator settings behaves as the form's first choice says.
        field => field == "simulator.preset" ? l[$"SimulatorPreset_{SimulatorPreset.Normal}"].Value : null);
}
