namespace Econeura.Domain.Dlp;

/// <summary>Character classes shared by the detectors (ASCII fast paths).</summary>
internal static class Chars
{
    /// <summary>The ASCII letters and digits, for building <see cref="System.Buffers.SearchValues{T}"/> of token alphabets.</summary>
    public const string AsciiAlnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static bool IsDigit(char c) => (uint)(c - '0') <= 9;
    public static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 25;
    public static bool IsAsciiAlnum(char c) => IsDigit(c) || IsAsciiLetter(c);
    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
    public static bool IsHex(char c) => IsDigit(c) || (uint)((c | 0x20) - 'a') <= 5;
    public static bool IsBase64Url(char c) => IsAsciiAlnum(c) || c == '-' || c == '_';
}
