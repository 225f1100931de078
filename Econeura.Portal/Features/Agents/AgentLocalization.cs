using System.Globalization;
using Econeura.Domain.Agents;

namespace Econeura.Portal.Features.Agents;

public static class AgentLocalization
{
    /// <summary>The agent's name and description in the reader's language (the UI culture).</summary>
    public static AgentWording Localized(this AgentDefinition agent) =>
        agent.WordingIn(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
}
