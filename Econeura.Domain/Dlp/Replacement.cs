namespace Econeura.Domain.Dlp;

/// <summary>
/// Where the <see cref="Redactor"/> wrote the replacement of one finding ("&lt;EMAIL_1&gt;", a masked value, a hash):
/// UTF-16 offsets into <see cref="RedactionResult.Redacted"/>.
/// </summary>
public sealed record Replacement(EntityType Type, int Start, int Length)
{
    public int End => Start + Length;
}
