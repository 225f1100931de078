namespace Econeura.Domain.Dlp;

/// <summary>
/// Kinds of personal data / secrets the DLP engine detects.
/// The wire (string) form of each member is exactly its name, e.g. "CREDIT_CARD".
/// </summary>
public enum EntityType
{
    EMAIL,
    PHONE,
    CREDIT_CARD,
    IBAN,
    ES_DNI,
    ES_NIE,
    ES_CIF,
    US_SSN,
    IP_ADDRESS,
    SECRET,
}

public static class EntityTypeExtensions
{
    private static readonly string[] Names = Enum.GetNames<EntityType>();

    /// <summary>Stable wire name, identical to the enum member name (e.g. "ES_DNI").</summary>
    public static string ToWireName(this EntityType type) => Names[(int)type];

    /// <summary>Parses an exact (case-sensitive) wire name.</summary>
    public static bool TryParseWireName(string? name, out EntityType type)
    {
        for (int i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                type = (EntityType)i;
                return true;
            }
        }
        type = default;
        return false;
    }

    public static IReadOnlyList<EntityType> All { get; } = Enum.GetValues<EntityType>();
}
