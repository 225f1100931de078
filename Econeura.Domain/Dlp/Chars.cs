namespace Econeura.Domain.Dlp;

/// <summary>Character classes shared by the detectors (ASCII fast paths).</summary>
internal static class Chars
{
    /// <summary>The ASCII letters and digits, for building <see cref="System.Buffers.SearchValues{T}"/> of token alphabets.</summary>
    public const string AsciiAlnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static bool IsDigit(char character) => (uint)(character - '0') <= 9;
    public static bool IsAsciiLetter(char character) => (uint)((character | 0x20) - 'a') <= 25;
    public static bool IsAsciiAlnum(char character) => IsDigit(character) || IsAsciiLetter(character);
    public static bool IsWordChar(char character) => char.IsLetterOrDigit(character) || character == '_';
    public static bool IsHex(char character) => IsDigit(character) || (uint)((character | 0x20) - 'a') <= 5;
    public static bool IsBase64Url(char character) => IsAsciiAlnum(character) || character == '-' || character == '_';
}
