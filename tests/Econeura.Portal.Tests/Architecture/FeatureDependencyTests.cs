using System.Text.RegularExpressions;
using Econeura.Domain.Common;
using Xunit.Abstractions;

namespace Econeura.Portal.Tests.Architecture;

/// <summary>
/// Features use each other one way: a cycle between them (Approvals uses Executions, which uses Approvals) means neither
/// can be read, changed or tested without the other. The graph is read from the compiled assemblies, so it sees every
/// use whatever the usings say.
/// </summary>
public sealed partial class FeatureDependencyTests(ITestOutputHelper output)
{
    private static readonly FeatureGraph Graph = FeatureGraph.Of(typeof(Program).Assembly, typeof(StableIds).Assembly);

    /// <summary>
    /// Bottom to top, one order the features keep today: Identity, Search, Agents, Dlp, FinOps, Tenancy, Work, Approvals,
    /// Dispatch, Executions, Home. A lower feature that needs a higher one's work owns a small interface the higher one implements
    /// (<c>IPersonalDataMask</c>, <c>ITenantNames</c>, <c>IApprovalSettlement</c>, <c>IApprovalWorkTimeline</c>, <c>ILiveCosts</c>).
    /// </summary>
    [Fact]
    public void Features_use_each_other_one_way()
    {
        var cycles = Graph.Cycles();
        output.WriteLine(Graph.Describe(cycles));
        Assert.True(cycles.Count == 0,
            $"Cycles between features: {string.Join("; ", cycles.Select(c => string.Join(" ⇄ ", c)))}. Every use:\n{Graph.Describe(cycles)}");
    }

    /// <summary>A domain or portal file declares the namespace of its folder, so its feature is where a reader looks for it.</summary>
    [Fact]
    public void Every_type_is_in_the_namespace_of_its_folder()
    {
        var misplaced = new[] { "Econeura.Domain", Path.Combine("Econeura.Portal", "Features"), Path.Combine("Econeura.Portal", "Infrastructure") }
            .SelectMany(root => Directory.EnumerateFiles(Path.Combine(Repository.Root, root), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                            && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            .Select(file => (File: Path.GetRelativePath(Repository.Root, file), Declared: FileNamespace().Match(File.ReadAllText(file)).Groups[1].Value))
            .Select(f => (f.File, f.Declared, Expected: Path.GetDirectoryName(f.File)!.Replace(Path.DirectorySeparatorChar, '.')))
            .Where(f => f.Declared != f.Expected)
            .Select(f => $"{f.File}: namespace {f.Declared}, folder says {f.Expected}")
            .ToList();
        Assert.Empty(misplaced);
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();
}
