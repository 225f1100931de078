namespace Econeura.Portal.Tests.Conventions;

/// <summary>
/// The .editorconfig's <c>max_line_length = 160</c> for product code, which no Roslyn rule enforces: every line of the
/// portal's and the domain's .cs and .razor files fits, so a diff reads without scrolling sideways.
/// </summary>
public sealed class LineLengthTests
{
    private const int MaxLength = 160;

    /// <summary>
    /// Lines that must stay long: a function body Weasel compares with what PostgreSQL prints back (<c>pg_get_functiondef</c>
    /// puts the whole signature on one line), so wrapping it would make the schema check find a change at every start.
    /// A file here may not grow more long lines than it has, and leaves the list once it fits.
    /// </summary>
    private static readonly Dictionary<string, int> AsPostgreSqlPrintsThem = new()
    {
        ["Econeura.Portal/Features/FinOps/BudgetReservations.cs"] = 1,
    };

    [Fact]
    public void Every_product_line_fits_in_160_characters()
    {
        var tooLong = ProductFiles()
            .Select(file => (File: file, Lines: File.ReadLines(Path.Combine(Repository.Root, file))
                .Select((text, index) => (Number: index + 1, text.Length)).Where(line => line.Length > MaxLength).ToList()))
            .Where(file => file.Lines.Count > AsPostgreSqlPrintsThem.GetValueOrDefault(file.File))
            .SelectMany(file => file.Lines.Select(line => $"{file.File}:{line.Number} has {line.Length} characters"));

        Assert.Empty(tooLong);
    }

    [Fact]
    public void Files_allowed_long_lines_leave_the_list_once_they_fit()
    {
        var fitting = AsPostgreSqlPrintsThem.Where(entry => !File.Exists(Path.Combine(Repository.Root, entry.Key))
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
