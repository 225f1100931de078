namespace Econeura.Portal.Features.Search;

/// <summary>
/// The one search box of the app bar and its results page. The sources are the features' own (<see cref="ISearchSource"/>),
/// registered by them, so this feature stays below the ones it searches.
/// </summary>
public static class SearchModule
{
    public static void AddSearch(this WebApplicationBuilder builder) => builder.Services.AddSingleton<FindAnything>();
}
