namespace Econeura.Portal.Features.Search;

/// <summary>Asks every kind of thing the portal keeps for what a query finds, in the order the results page shows them.</summary>
public sealed class FindAnything(IEnumerable<ISearchSource> sources)
{
    /// <summary>Hits per section on the results page; each section links to the whole list where there is one.</summary>
    public const int HitsPerSection = 8;

    private readonly IReadOnlyList<ISearchSource> _sources = [.. sources.OrderBy(source => source.Order)];

    /// <summary>The sections with something in them; nothing for an empty or too long query (the page says why).</summary>
    public async Task<IReadOnlyList<SearchSection>> FindAsync(PortalUser user, string? query, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        if (SearchText.Words(query).Count == 0 || SearchText.IsTooLong(query)) return [];
        var request = new SearchRequest(user, query!.Trim(), zone, HitsPerSection);
        var sections = new List<SearchSection>();
        // One after the other: each opens its own session, and a circuit should hold one connection at a time.
        foreach (var source in _sources)
            if (await source.FindAsync(request, cancellationToken) is { Total: > 0 } section)
                sections.Add(section);
        return sections;
    }
}
