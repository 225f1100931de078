namespace Econeura.Portal.Tests.Conventions;

/// <summary>
/// The .editorconfig's <c>max_line_length = 160</c> for product code, which no Roslyn rule enforces: every line of the
/// portal's and the domain's .cs and .razor files fits, so a diff reads without scrolling sideways.
/// </summary>
public sealed class LineLengthTests
{
    private const int MaxLength = 160;

    /// <summary>
    /// Files still waiting to be wrapped (changed in parallel by other work when the rule came in): shrinks to nothing.
    /// A file here may not grow more long lines than it has, and leaves the list once it fits.
    /// </summary>
    private static readonly Dictionary<string, int> NotYetWrapped = new()
    {
        ["Econeura.Domain/Dlp/Checksums.cs"] = 1,
        ["Econeura.Domain/Dlp/CifDetector.cs"] = 1,
        ["Econeura.Domain/Dlp/CommandLinePasswordDetector.cs"] = 1,
        ["Econeura.Domain/Dlp/EmailDetector.cs"] = 1,
        ["Econeura.Domain/Dlp/IbanDetector.cs"] = 2,
        ["Econeura.Domain/Dlp/KeyValueDetector.cs"] = 1,
        ["Econeura.Domain/Dlp/KeywordContext.cs"] = 2,
        ["Econeura.Domain/Dlp/NumericDetector.cs"] = 1,
        ["Econeura.Domain/Dlp/PasswordValue.cs"] = 1,
        ["Econeura.Domain/Dlp/PemDetector.cs"] = 1,
        ["Econeura.Domain/Dlp/Placeholders.cs"] = 1,
        ["Econeura.Domain/Dlp/SecretDetector.cs"] = 2,
        ["Econeura.Domain/Dlp/SlackWebhookDetector.cs"] = 1,
        ["Econeura.Domain/Dlp/SsnDetector.cs"] = 1,
        ["Econeura.Portal/Features/FinOps/BudgetReservations.cs"] = 1,
    };

    [Fact]
    public void Every_product_line_fits_in_160_characters()
    {
        var tooLong = ProductFiles()
            .Select(file => (File: file, Lines: File.ReadLines(Path.Combine(Repository.Root, file))
                .Select((text, index) => (Number: index + 1, text.Length)).Where(line => line.Length > MaxLength).ToList()))
            .Where(file => file.Lines.Count > NotYetWrapped.GetValueOrDefault(file.File))
            .SelectMany(file => file.Lines.Select(line => $"{file.File}:{line.Number} has {line.Length} characters"));

        Assert.Empty(tooLong);
    }

    [Fact]
    public void Files_waiting_to_be_wrapped_leave_the_list_once_they_fit()
    {
        var fitting = NotYetWrapped.Where(entry => !File.Exists(Path.Combine(Repository.Root, entry.Key))
            || File.ReadLines(Path.Combine(Repository.Root, entry.Key)).Count(line => line.Length > MaxLength) < entry.Value);

        Assert.Empty(fitting.Select(entry => $"{entry.Key}: fewer long lines than the {entry.Value} listed; lower or remove its entry"));
    }

    private static IEnumerable<string> ProductFiles()
    {
        var files = new[] { "Econeura.Domain", "Econeura.Portal" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(Repository.Root, project), "*.*", SearchOption.AllDirectories))
            .Select(file => Path.GetRelativePath(Repository.Root, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(file => (file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".razor", StringComparison.Ordinal))
                           && !file.Contains("/obj/", StringComparison.Ordinal) && !file.Contains("/bin/", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 100, $"Only {files.Count} product files found: the scan is broken.");
        return files;
    }
}
