namespace Econeura.Domain.FinOps;

public enum CostCentreProblem
{
    TooLong,

    /// <summary>Only letters, digits, spaces and <c>- _ . /</c>: the codes of a chart of accounts, safe in a CSV cell and a URL.</summary>
    InvalidCharacters,
}

/// <summary>
/// The cost centre a person's spend is charged to, as finance codes it (e.g. <c>CC-4100</c>): read from the directory,
/// or assigned by an admin, whose choice wins. It is fixed on a request when it is made, so a later change never moves
/// spend already recorded.
/// </summary>
public static class CostCentre
{
    public const int MaxLength = 40;

    /// <summary>What is wrong with a code as given (surrounding spaces aside); null when it may be stored.</summary>
    public static CostCentreProblem? Check(string code)
    {
        var trimmed = code.Trim();
        if (trimmed.Length > MaxLength) return CostCentreProblem.TooLong;
        return trimmed.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' or '/') ? null : CostCentreProblem.InvalidCharacters;
    }

    /// <summary>
    /// A code as it is kept: trimmed, and none at all when it is empty or not a valid code (a directory attribute holds
    /// whatever was typed into it; spend is then charged to no cost centre rather than to a malformed one).
    /// </summary>
    public static string? Normalize(string? code) =>
        string.IsNullOrWhiteSpace(code) || Check(code) is not null ? null : code.Trim();

    /// <summary>The cost centre a request is charged to: the one an admin assigned, else the directory's, else none.</summary>
    public static string? Resolve(string? assigned, string? directory) => Normalize(assigned) ?? Normalize(directory);

    public static string InEnglish(CostCentreProblem problem) => problem switch
    {
        CostCentreProblem.TooLong => $"At most {MaxLength} characters.",
        _ => "Only letters, digits, spaces and - _ . / are allowed.",
    };
}
