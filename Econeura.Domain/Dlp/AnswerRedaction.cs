using System.Text.RegularExpressions;

namespace Econeura.Domain.Dlp;

/// <summary>
/// An agent's answer as it may be kept and shown: every finding replaced by its placeholder, whatever the agent's DLP
/// policy (the policy decides what may be sent; nothing that comes back is kept raw). New values are numbered after the
/// placeholders of the input the agent answered, so a DNI the agent writes never reads as the one the user sent.
/// </summary>
public static partial class AnswerRedaction
{
    /// <summary>What is kept of an answer the scanner could not screen (fail closed, like a blocked input).</summary>
    public const string Withheld = "<WITHHELD>";

    /// <param name="answer">What the agent wrote.</param>
    /// <param name="redactedInput">The redacted input it answered, whose placeholders are taken.</param>
    public static string Redact(string answer, string redactedInput) =>
        RedactOrNull(answer, redactedInput) ?? Withheld;

    /// <summary>
    /// The part of an answer still being written that may be shown, redacted: the text up to where a value could still
    /// be growing (<see cref="SettledLength"/>). Nothing while the scanner cannot screen it.
    /// </summary>
    public static string RedactWritten(string textSoFar, string redactedInput) =>
        RedactOrNull(textSoFar[..SettledLength(textSoFar)], redactedInput) ?? "";

    /// <summary>
    /// How much of a text still being written can be redacted as it will be once complete: everything before its last
    /// word (unfinished, or joined to what comes next: "ana" then " @contoso.es") and the run of words before it that
    /// could be pieces of one value (a word with a digit or an '@': "+34 612 345", "ES91 2100 0418", "12345678 Z",
    /// "ana @contoso.es"), and before a PEM block not yet closed.
    /// </summary>
    public static int SettledLength(string text)
    {
        var cut = text.Length;
        var heldStartsWithAt = false;
        var last = true;
        while (cut > 0)
        {
            var wordEnd = cut;
            while (wordEnd > 0 && char.IsWhiteSpace(text[wordEnd - 1])) wordEnd--;
            var wordStart = wordEnd;
            while (wordStart > 0 && !char.IsWhiteSpace(text[wordStart - 1])) wordStart--;
            if (wordStart == wordEnd) break;
            var word = text.AsSpan(wordStart, wordEnd - wordStart);
            if (!last && !heldStartsWithAt && word.IndexOfAny(ValueChars) < 0) break;
            last = false;
            heldStartsWithAt = word[0] == '@';
            cut = wordStart;
        }
        var pem = text.AsSpan(0, cut).LastIndexOf("-----BEGIN", StringComparison.Ordinal);
        if (pem >= 0 && !ClosedPem().IsMatch(text.AsSpan(pem, cut - pem))) cut = pem;
        return cut;
    }

    private static readonly System.Buffers.SearchValues<char> ValueChars = System.Buffers.SearchValues.Create("0123456789@");

    private static string? RedactOrNull(string text, string redactedInput)
    {
        var scan = DlpScanner.Scan(text, ScanBudget.For(text));
        if (!scan.Succeeded) return null;
        return Redactor.Redact(text, scan.Findings, _ => RedactionOperator.Replace, numberedBefore: NumbersInUse(redactedInput)).Redacted;
    }

    /// <summary>The highest placeholder number per type in a redacted text ("&lt;ES_DNI_2&gt;" gives ES_DNI 2).</summary>
    public static IReadOnlyDictionary<EntityType, int> NumbersInUse(string redacted)
    {
        var numbers = new Dictionary<EntityType, int>();
        foreach (Match match in Placeholder().Matches(redacted))
            if (EntityTypeExtensions.TryParseWireName(match.Groups["type"].Value, out var type)
                && int.TryParse(match.Groups["number"].ValueSpan, out var number) && number > numbers.GetValueOrDefault(type))
                numbers[type] = number;
        return numbers;
    }

    [GeneratedRegex("<(?<type>[A-Z_]+)_(?<number>[0-9]{1,6})>")]
    private static partial Regex Placeholder();

    [GeneratedRegex("^-----BEGIN[^\n]*-----.*?-----END[^\n]*-----", RegexOptions.Singleline)]
    private static partial Regex ClosedPem();
}
