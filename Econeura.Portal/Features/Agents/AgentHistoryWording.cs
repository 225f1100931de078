using System.Globalization;
using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;

namespace Econeura.Portal.Features.Agents;

/// <summary>An agent's history in the words of its form, where they differ from the stored paths: its personality and context limit.</summary>
public static class AgentHistoryWording
{
    /// <summary>How much of a system prompt each version shows: enough to tell two apart.</summary>
    private const int PromptShown = 60;

    public static SettingsWording For(IStringLocalizer<Strings> l) => new(
        field => field switch
        {
            "systemPrompts.en" => l["Conv_AgentPromptEn"],
            "systemPrompts.es" => l["Conv_AgentPromptEs"],
            "contextLimitTokens" => l["Conv_AgentContextLimit"],
            _ => field,
        },
        (field, value) => field switch
        {
            "systemPrompts.en" or "systemPrompts.es" => value.Length > PromptShown ? $"«{value[..PromptShown].TrimEnd()}…»" : $"«{value}»",
            "contextLimitTokens" when int.TryParse(value, CultureInfo.InvariantCulture, out var tokens) =>
                l["Conv_Tokens", tokens.ToString("N0", CultureInfo.CurrentCulture)],
            _ => value,
        });
}
