namespace Econeura.Domain.Common;

/// <summary>
/// An Entra directory (tenant) id, the <c>tid</c> claim: a GUID, written lowercase with dashes as Entra sends it, so the
/// same directory is one key everywhere (registry, allow-list, stored records).
/// </summary>
public static class DirectoryId
{
    public static string? Normalize(string? value) =>
        Guid.TryParseExact(value?.Trim(), "D", out var id) ? id.ToString("D") : null;

    public static bool IsValid(string? value) => Normalize(value) is not null;
}
