using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;
using Econeura.Portal.Features.Agents;
using Econeura.Portal.Features.Search;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// The runs the words find, by the executions list's own query: the same scope (a person's own runs, an admin's whole
/// tenant's) and the same matching (agent, requester, redacted text in and out), newest first; the whole list is the
/// list page with the same words.
/// </summary>
public sealed class ExecutionSearchSource(ExecutionQueries queries, AgentCatalog catalog, IStringLocalizer<Strings> l) : ISearchSource
{
    public int Order => 1;

    public async Task<SearchSection?> FindAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        if (!request.User.Meets(Policies.User)) return null;
        var agents = await catalog.NamesAsync(request.User.TenantId, cancellationToken);
        var query = new ExecutionListQuery { Search = request.Query };
        var found = await queries.PageAsync(request.User, query, agents, request.Zone, request.Take, cancellationToken);
        var hits = found.Rows.Select(run => new SearchHit(agents.Of(run.AgentId, run.AgentName), $"/executions/{run.Id}",
                ExecutionText.FirstLine(run.RedactedInput), ExecutionStatusChip.Label(l, run.Status, run.IsRetrying), run.RequestedAt))
            .ToList();
        return new SearchSection("runs", l["Find_Runs"], hits, found.Total, $"/executions?q={Uri.EscapeDataString(request.Query)}",
            l["Find_AllRuns", found.Total].Value);
    }
}
