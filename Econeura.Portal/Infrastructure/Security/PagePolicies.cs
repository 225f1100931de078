using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Routing.Template;

namespace Econeura.Portal.Infrastructure.Security;

/// <summary>The authorization policy of a page, read from the page's own route and <c>[Authorize]</c> attributes.</summary>
public static class PagePolicies
{
    // Literal routes first: "/approvals/history" is not the approval with id "history".
    private static readonly (TemplateMatcher Route, string Policy)[] Pages = typeof(PagePolicies).Assembly.GetTypes()
        .Where(type => typeof(IComponent).IsAssignableFrom(type))
        .SelectMany(type => Of(type) is { } policy
            ? type.GetCustomAttributes<RouteAttribute>().Select(route => (route.Template, Policy: policy))
            : [])
        .OrderBy(page => page.Template.Count(c => c == '{'))
        .Select(page => (new TemplateMatcher(TemplateParser.Parse(page.Template.TrimStart('/')), new RouteValueDictionary()), page.Policy))
        .ToArray();

    public static string? Of(Type page) => page.GetCustomAttribute<AuthorizeAttribute>()?.Policy;

    /// <summary>The policy of the page at <paramref name="localUrl"/> (query string allowed), or null for none or no page.</summary>
    public static string? For(string? localUrl)
    {
        if (string.IsNullOrEmpty(localUrl) || !localUrl.StartsWith('/')) return null;
        var path = new PathString(localUrl.Split('?', '#')[0]);
        return Pages.FirstOrDefault(page => page.Route.TryMatch(path, new RouteValueDictionary())).Policy;
    }
}
