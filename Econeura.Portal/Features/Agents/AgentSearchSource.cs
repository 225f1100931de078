using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;
using Econeura.Portal.Features.Search;

namespace Econeura.Portal.Features.Agents;

/// <summary>The catalog's agents the words find, as the catalog page finds them; each hit opens its launch form.</summary>
public sealed class AgentSearchSource(AgentCatalog catalog, IStringLocalizer<Strings> l) : ISearchSource
{
    public int Order => 0;

    public async Task<SearchSection?> FindAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        if (!request.User.Meets(Policies.User)) return null;
        var found = (await catalog.ListAsync(request.User.TenantId, cancellationToken))
            .Where(agent => agent.Enabled && agent.Matches(request.Query, l))
            .OrderByDescending(agent => agent.IsLead).ThenBy(agent => agent.Localized().Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        var hits = found.Take(request.Take)
            .Select(agent => new SearchHit(agent.Localized().Name, $"/agents/{agent.Id}/launch", agent.Localized().Description,
                l[$"Department_{agent.Department}"].Value))
            .ToList();
        return new SearchSection("agents", l["Find_Agents"], hits, found.Count,
            found.Count > hits.Count ? "/agents" : null, found.Count > hits.Count ? l["Find_AllAgents"].Value : null);
    }
}
