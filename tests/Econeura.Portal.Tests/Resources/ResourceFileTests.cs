using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Econeura.Portal.Tests.Resources;

/// <summary>Every visible string comes from the resource files, in English and in Spanish.</summary>
public sealed partial class ResourceFileTests
{
    private static readonly string Portal = Path.Combine(Econeura.Testing.Repository.Root, "Econeura.Portal");

    private static readonly Dictionary<string, string> English = Load("Strings.resx");
    private static readonly Dictionary<string, string> Spanish = Load("Strings.es.resx");

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(Portal, "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    /// <summary>Keys the code names literally (<c>L["Key"]</c>) and the prefixes of those it builds (<c>L[$"Status_{s}"]</c>).</summary>
    private static IEnumerable<(string File, string Key, bool IsPrefix)> Used() =>
        Directory.EnumerateFiles(Portal, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => LocalizerKey().Matches(File.ReadAllText(file)).Select(m => (
                Path.GetRelativePath(Portal, file),
                m.Groups["key"].Value,
                m.Groups["interpolated"].Success)));

    [GeneratedRegex("""\b[lL]\[(?<interpolated>\$)?"(?<key>[A-Za-z0-9_.]+)(?=[{"])""")]
    private static partial Regex LocalizerKey();

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();

    [Fact]
    public void Every_key_is_in_both_languages()
    {
        Assert.Empty(English.Keys.Except(Spanish.Keys).Select(k => $"{k}: no Spanish"));
        Assert.Empty(Spanish.Keys.Except(English.Keys).Select(k => $"{k}: no English"));
    }

    [Fact]
    public void No_string_is_empty() =>
        Assert.Empty(English.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => $"{e.Key} (English)")
            .Concat(Spanish.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => $"{e.Key} (Spanish)")));

    [Fact]
    public void Both_languages_fill_in_the_same_placeholders() =>
        Assert.Empty(English.Where(e => Spanish.TryGetValue(e.Key, out var es) && !Placeholders(e.Value).SetEquals(Placeholders(es)))
            .Select(e => $"{e.Key}: \"{e.Value}\" / \"{Spanish[e.Key]}\""));

    private static HashSet<string> Placeholders(string text) => Placeholder().Matches(text).Select(m => m.Value.Split(':')[0].TrimEnd('}')).ToHashSet();

    [Fact]
    public void Every_key_the_pages_ask_for_exists()
    {
        var used = Used().ToList();
        Assert.True(used.Count > 300, $"Only {used.Count} localizer calls found: the scan is broken.");
        Assert.Empty(used.Where(u => u.IsPrefix ? !English.Keys.Any(k => k.StartsWith(u.Key, StringComparison.Ordinal)) : !English.ContainsKey(u.Key))
            .Select(u => $"{u.File}: {(u.IsPrefix ? $"no key starts with {u.Key}" : $"{u.Key} is in no resource file")}")
            .Distinct());
    }
}
