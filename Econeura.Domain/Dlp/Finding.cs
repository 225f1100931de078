namespace Econeura.Domain.Dlp;

/// <summary>
/// One detected entity. <see cref="Start"/> and <see cref="Length"/> are UTF-16 code-unit offsets
/// into the scanned (original) string. <see cref="Score"/> is a confidence in [0,1].
/// </summary>
public sealed record Finding(EntityType Type, int Start, int Length, double Score)
{
    public int End => Start + Length;
}
