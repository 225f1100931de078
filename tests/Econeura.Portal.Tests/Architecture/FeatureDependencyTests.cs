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
    /// <summary>
    /// Uses that still go against the layering (bottom to top: Identity, Agents, Dlp, FinOps, Tenancy, Work, Approvals,
    /// Executions) and so close the cycles left; each names what makes it. Delete an entry when its use is gone
    /// (<see cref="Every_known_cycle_edge_is_still_there"/> fails until you do); never add one.
    /// </summary>
    private static readonly (string From, string To)[] KnownCycleEdges =
    [
        // Still to untangle. ApprovalDecisions (domain) emits ExecutionApproved/Rejected/Expired and ApprovalDesk appends
        // them to the execution's stream; ApprovalDetailPage shows the execution's timeline (ExecutionQueries,
        // ExecutionTimeline, ExecutionView); the evaluate endpoint validates with ExecutionDecisions.Validate.
        ("Approvals", "Executions"),
        // DeliverBudgetAlertJob names the tenant from TenantRegistry, while TenantProvisioning stages the price table.
        ("FinOps", "Tenancy"),
        // BudgetReservationProjection folds execution events; FinanceDashboardPage lists ExecutionView rows.
        ("FinOps", "Executions"),
        // AgentDefinition.PriceKeys names FinOps' PriceBook keys.
        ("Agents", "FinOps"),
        // WebhookConnector redacts with Domain.Dlp's Redactor.
        ("Agents", "Dlp"),
    ];

    private static readonly FeatureGraph Graph = FeatureGraph.Of(typeof(Program).Assembly, typeof(StableIds).Assembly);

    [Fact]
    public void Features_use_each_other_one_way()
    {
        var cycles = Graph.Without(KnownCycleEdges).Cycles();
        output.WriteLine(Graph.Describe(cycles));
        Assert.True(cycles.Count == 0,
            $"Cycles between features: {string.Join("; ", cycles.Select(c => string.Join(" ⇄ ", c)))}. Every use:\n{Graph.Describe(cycles)}");
    }

    [Fact]
    public void Every_known_cycle_edge_is_still_there() =>
        Assert.Empty(KnownCycleEdges.Where(e => !Graph.Edges.ContainsKey(e)).Select(e => $"{e.From} → {e.To} is gone: delete it from KnownCycleEdges"));

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
