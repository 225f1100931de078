namespace Econeura.Domain.Common;

/// <summary>
/// Text the system of record can keep: PostgreSQL refuses NUL in text and JSON, and a lone UTF-16 surrogate has no
/// UTF-8 form. Such text is refused where it comes in, with a clear message, rather than failing half-way through a
/// commit.
/// </summary>
public static class StorableText
{
    public static bool IsStorable(string? text)
    {
        if (text is null) return true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return false;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(c)) return false;
        }
        return true;
    }
}
