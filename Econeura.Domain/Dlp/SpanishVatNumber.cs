namespace Econeura.Domain.Dlp;

/// <summary>
/// A Spanish tax id written as an EU VAT number, "ES" + the national id: "ESB12345674" (CIF), "ESX1234567L" (NIE),
/// "ES12345678Z" (DNI), as in "NIF-IVA ESB12345674" or "VAT ID: ESB12345674". The national part is reported, with its
/// own type; "ES-B12345674" and "ES B12345674" are read by the CIF/NIE detectors.
/// </summary>
internal static class SpanishVatNumber
{
    private const int NationalIdLength = 9;

    /// <summary>True when the word at <paramref name="wordStart"/> is such a VAT number (reported); <paramref name="resumeAt"/> follows it.</summary>
    public static bool TryConsume(ScanContext context, int wordStart, out int resumeAt)
    {
        string text = context.Text;
        int idStart = wordStart + 2;
        int end = idStart + NationalIdLength;
        resumeAt = end;
        if (end > text.Length || text[wordStart] != 'E' || text[wordStart + 1] != 'S') return false;
        if (end < text.Length && Chars.IsAsciiAlnum(text[end])) return false;
        if (KeywordContext.IsProductCodeContext(text, wordStart)) return false;
        var id = text.AsSpan(idStart, NationalIdLength);
        if (id[1..8].ContainsAnyExceptInRange('0', '9')) return false;
        char first = id[0], control = id[8];
        if (Checksums.IsCifLetter(first) && Checksums.IsValidCif(first, id[1..8], control))
            context.Add(EntityType.ES_CIF, idStart, NationalIdLength, Scores.SpanishCompanyId);
        else if (first is 'X' or 'Y' or 'Z' && Checksums.IsValidNie(first, id[1..8], control))
            context.Add(EntityType.ES_NIE, idStart, NationalIdLength, Scores.SpanishPersonalId);
        else if (Chars.IsDigit(first) && char.IsAsciiLetterUpper(control) && Checksums.IsValidDni(id[..8], control))
            context.Add(EntityType.ES_DNI, idStart, NationalIdLength, Scores.SpanishPersonalId);
        else
            return false;
        return true;
    }

    /// <summary>"ES-" before a word: the country prefix of a VAT number, not a code the word is glued to.</summary>
    public static bool IsCountryPrefixBefore(string text, int wordStart) =>
        wordStart >= 3 && text[wordStart - 1] == '-' && text[wordStart - 2] == 'S' && text[wordStart - 3] == 'E'
        && (wordStart == 3 || !Chars.IsWordChar(text[wordStart - 4]));
}
