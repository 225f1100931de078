namespace Econeura.E2E;

/// <summary>
/// Who reads a page: the browser's language and the screen's width. Both languages and both widths are covered in two
/// cases, Spanish on a phone and US English on a desktop, so a test loads its pages twice, not four times.
/// </summary>
public static class Readers
{
    public const string Spanish = "es-ES";
    public const string English = "en-US";

    /// <summary>The two cases: locale, width.</summary>
    public static readonly IReadOnlyList<(string Locale, int Width)> Cases = [(Spanish, 390), (English, 1366)];

    /// <summary>The two cases, for <c>[MemberData(nameof(Readers.Both), MemberType = typeof(Readers))]</c>.</summary>
    public static TheoryData<string, int> Both
    {
        get
        {
            var both = new TheoryData<string, int>();
            foreach (var (locale, width) in Cases) both.Add(locale, width);
            return both;
        }
    }

    /// <summary>The words a reader of <paramref name="locale"/> is shown.</summary>
    public static string Say(string locale, string spanish, string english) => locale == Spanish ? spanish : english;
}
