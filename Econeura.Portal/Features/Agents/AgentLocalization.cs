using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;
using System.Globalization;
using Econeura.Domain.Agents;

namespace Econeura.Portal.Features.Agents;

public static class AgentLocalization
{
    /// <summary>The agent's name and description in the reader's language (the UI culture).</summary>
    public static AgentWording Localized(this AgentDefinition agent) =>
        agent.WordingIn(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    /// <summary>
    /// Either language finds an agent, with or without accents, by its name, description or department: "tesorería",
    /// "tesoreria" and "treasury" all find the treasurer.
    /// </summary>
    public static bool Matches(this AgentDefinition agent, string? query, IStringLocalizer<Strings> l) =>
        SearchText.Matches(query, agent.SearchableTexts.Append(agent.Department).Append(l[$"Department_{agent.Department}"].Value));
}
