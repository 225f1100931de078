namespace Econeura.Domain.Agents;

/// <summary>
/// Which of the portal's languages a request is written in, so the simulator answers in it as a model would: the person
/// who asks writes in the language they read. A message too short to tell ("Ok, go on") is in the language of the
/// person's earlier messages in the conversation; Spanish, the portal's default, when nothing tells.
/// </summary>
public static class ReplyLanguage
{
    public const string Spanish = "es";
    public const string English = "en";

    private static readonly HashSet<string> SpanishWords =
    [
        "el", "la", "los", "las", "de", "del", "que", "y", "en", "un", "una", "por", "para", "con", "es", "se", "al", "lo", "su", "sus",
        "qué", "cómo", "cuál", "cuáles", "este", "esta", "estos", "nuestro", "nuestra", "mes", "semana", "próxima", "último", "frente",
        "ambas", "ambos", "compara", "dame", "dime", "muestra", "explica", "cuánto", "cuánta", "cuántos", "gracias", "sí", "pero",
    ];

    // Words a short English request is made of ("Compare both figures"), none of them also a Spanish word.
    private static readonly HashSet<string> EnglishWords =
    [
        "the", "of", "and", "to", "in", "for", "with", "is", "are", "on", "our", "this", "that", "which", "what", "how", "why", "please",
        "from", "by", "about", "next", "last", "week", "month", "my", "we", "it", "be", "can", "should", "draft", "prepare", "list",
        "both", "compare", "summarise", "summarize", "show", "give", "tell", "explain", "these", "those", "you", "your", "us", "do",
        "does", "was", "were", "will", "would", "could", "all", "each", "thanks", "yes", "but", "now", "again", "much", "many", "figures",
    ];

    /// <param name="history">The conversation before <paramref name="text"/>, if any: it decides when the text alone does not.</param>
    public static string Of(string text, IReadOnlyList<AgentMessage>? history = null)
    {
        var lean = Lean(text);
        if (lean == 0 && history is not null)
            lean = history.Where(m => m.Role == MessageRole.User).Reverse().Select(m => Lean(m.Text)).FirstOrDefault(l => l != 0);
        return lean > 0 ? English : Spanish;
    }

    /// <summary>How much more English than Spanish <paramref name="text"/> reads: positive English, negative Spanish, 0 cannot tell.</summary>
    private static int Lean(string text)
    {
        int spanish = 0, english = 0;
        foreach (var word in text.ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (SpanishWords.Contains(word)) spanish++;
            if (EnglishWords.Contains(word)) english++;
        }
        // Letters only Spanish uses weigh as a word each.
        spanish += text.Count(c => c is 'ñ' or 'Ñ' or '¿' or '¡' or 'á' or 'é' or 'í' or 'ó' or 'ú');
        return english - spanish;
    }

    private static readonly char[] Separators = [' ', '\t', '\r', '\n', '.', ',', ';', ':', '!', '?', '¿', '¡', '(', ')', '"', '\'', '«', '»', '/'];
}
