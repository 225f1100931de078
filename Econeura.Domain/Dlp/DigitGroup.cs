namespace Econeura.Domain.Dlp;

/// <summary>One group of consecutive digits in a <see cref="DigitRun"/>, and the separator written before it.</summary>
internal struct DigitGroup
{
    /// <summary>The separator before the first group.</summary>
    public const char NoSeparator = '\0';

    /// <summary>A parenthesis between two groups, as in "(415) 555-2671" or "+44 (0)20".</summary>
    public const char Parenthesis = 'P';

    public int Start;
    public int Length;

    /// <summary><see cref="NoSeparator"/>, ' ', '-', '.', '/' or <see cref="Parenthesis"/>.</summary>
    public char Separator;

    public readonly int End => Start + Length;
}
