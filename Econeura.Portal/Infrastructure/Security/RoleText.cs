using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;

namespace Econeura.Portal.Infrastructure.Security;

/// <summary>An app role in the reader's language ("Econeura.Finance" is "Finanzas"); a role the portal does not know keeps its name.</summary>
public static class RoleText
{
    private const string Prefix = "Econeura.";

    public static string Name(IStringLocalizer<Strings> l, string role)
    {
        var text = l[$"Role_{(role.StartsWith(Prefix, StringComparison.Ordinal) ? role[Prefix.Length..] : role)}"];
        return text.ResourceNotFound ? role : text.Value;
    }

    /// <summary>The roles a policy lets in, each with its Entra name so that an administrator knows which to assign.</summary>
    public static string Needed(IStringLocalizer<Strings> l, string policy)
    {
        var roles = Policies.Roles[policy].Select(role => $"{Name(l, role)} ({role})").ToList();
        return roles.Count == 1
            ? l["AccessDenied_NeedsRole", roles[0]]
            : l["AccessDenied_NeedsOneOf", $"{string.Join(", ", roles[..^1])} {l["AccessDenied_Or"]} {roles[^1]}"];
    }
}
