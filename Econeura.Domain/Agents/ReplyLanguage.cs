namespace Econeura.Domain.Agents;

/// <summary>
/// Which of the portal's languages a request is written in, so the simulator answers in it as a model would: the person
/// who asks writes in the language they read. Spanish, the portal's default, unless the request reads as English.
/// </summary>
public static class ReplyLanguage
{
    public const string Spanish = "es";
    public const string English = "en";

    private static readonly HashSet<string> SpanishWords =
    [
        "el", "la", "los", "las", "de", "del", "que", "y", "en", "un", "una", "por", "para", "con", "es", "se", "al", "lo", "su", "sus",
        "qué", "cómo", "cuál", "cuáles", "este", "esta", "estos", "nuestro", "nuestra", "mes", "semana", "próxima", "último", "frente",
    ];

    private static readonly HashSet<string> EnglishWords =
    [
        "the", "of", "and", "to", "in", "for", "with", "is", "are", "on", "our", "this", "that", "which", "what", "how", "why", "please",
        "from", "by", "about", "next", "last", "week", "month", "my", "we", "it", "be", "can", "should", "draft", "prepare", "list",
    ];

    public static string Of(string text)
    {
        int spanish = 0, english = 0;
        foreach (var word in text.ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (SpanishWords.Contains(word)) spanish++;
            if (EnglishWords.Contains(word)) english++;
        }
        // Letters only Spanish uses weigh as a word each.
        spanish += text.Count(c => c is 'ñ' or 'Ñ' or '¿' or '¡' or 'á' or 'é' or 'í' or 'ó' or 'ú');
        return english > spanish ? English : Spanish;
    }

    private static readonly char[] Separators = [' ', '\t', '\r', '\n', '.', ',', ';', ':', '!', '?', '¿', '¡', '(', ')', '"', '\'', '«', '»', '/'];
}
