namespace Econeura.Portal.Infrastructure;

/// <summary>
/// Reads an enum from outside input by its defined names only. <c>Enum.TryParse</c> also takes numbers ("7", "-1") and
/// comma lists ("Allow, Block") and returns values no member has, which is how a policy action once slipped past its checks.
/// </summary>
public static class EnumNames
{
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        foreach (var name in Enum.GetNames<T>())
        {
            if (!string.Equals(name, text?.Trim(), StringComparison.OrdinalIgnoreCase)) continue;
            value = Enum.Parse<T>(name);
            return true;
        }
        value = default;
        return false;
    }
}
