using System.Globalization;
using Econeura.Domain.Agents;

namespace Econeura.Portal.Features.Agents;

/// <summary>
/// The catalog's agents in the reader's language, for pages that list executions: an execution keeps the name the agent
/// had when it ran (its audit record, in the catalog's words), and the page shows the catalog's name in the reader's
/// language while the agent is still in the catalog.
/// </summary>
public sealed class AgentNames
{
    private readonly Dictionary<string, AgentWording> _wordings;
    private readonly Dictionary<string, string[]> _searchable;

    public AgentNames(IEnumerable<AgentDefinition> agents, CultureInfo culture)
    {
        var list = agents.ToList();
        _wordings = list.ToDictionary(a => a.Id, a => a.WordingIn(culture.TwoLetterISOLanguageName));
        var comparer = StringComparer.Create(culture, ignoreCase: true);
        IdsInNameOrder = [.. _wordings.OrderBy(pair => pair.Value.Name, comparer).Select(pair => pair.Key)];
        _searchable = list.ToDictionary(a => a.Id, a => a.SearchableTexts.ToArray());
    }

    /// <summary>No catalog at hand: executions keep the names they recorded.</summary>
    public static AgentNames None { get; } = new([], CultureInfo.InvariantCulture);

    /// <summary>The agents' ids in the order of their names in the reader's language.</summary>
    public IReadOnlyList<string> IdsInNameOrder { get; }

    public string Of(string agentId, string recordedName) => _wordings.TryGetValue(agentId, out var wording) ? wording.Name : recordedName;

    /// <summary>The agents that <paramref name="query"/> finds by id, name or description in any language.</summary>
    public IReadOnlyList<string> IdsMatching(string query) =>
        [.. _searchable.Where(pair => SearchText.Matches(query, pair.Value)).Select(pair => pair.Key)];
}
