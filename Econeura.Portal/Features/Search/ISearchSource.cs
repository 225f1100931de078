namespace Econeura.Portal.Features.Search;

/// <summary>
/// One kind of thing the app bar's search finds (agents, runs; conversations once they exist), owned by the feature whose
/// thing it is: that feature alone knows who may see which of them. A new kind is one more registered source.
/// </summary>
public interface ISearchSource
{
    /// <summary>Where its section comes on the results page, lowest first.</summary>
    int Order { get; }

    /// <summary>
    /// What <see cref="SearchRequest.User"/> may see that the query finds, in the reader's language; null when they may see
    /// none of this kind.
    /// </summary>
    Task<SearchSection?> FindAsync(SearchRequest request, CancellationToken cancellationToken);
}

/// <summary>A search of <paramref name="Query"/> (words, at most <see cref="SearchText.MaxLength"/> characters) by one reader.</summary>
/// <param name="Take">How many hits each section shows; its total says how many there are.</param>
public sealed record SearchRequest(PortalUser User, string Query, TimeZoneInfo Zone, int Take);

/// <summary>What one source found: a few hits, how many there are in all, and where to see them all when that is elsewhere.</summary>
/// <param name="Kind">A stable name for tests and styles: "agents", "runs".</param>
public sealed record SearchSection(string Kind, string Heading, IReadOnlyList<SearchHit> Hits, int Total, string? AllHref = null, string? AllText = null);

/// <summary>
/// One thing found, as the results list shows it: a linked title, a line of detail, a short label (a run's status, an
/// agent's department) and a time.
/// </summary>
public sealed record SearchHit(string Title, string Href, string? Detail = null, string? Label = null, DateTimeOffset? At = null);
