namespace Econeura.Domain.Agents;

/// <summary>The eleven departments of the catalog, in the order the portal shows them.</summary>
public static class Departments
{
    public static readonly IReadOnlyList<string> All =
        ["analytics", "cdo", "cfo", "chro", "ciso", "cmo", "cto", "legal", "reception", "research", "support"];
}
