using Econeura.Testing;
using Microsoft.Playwright;

namespace Econeura.E2E;

/// <summary>
/// What each open page of one path costs a portal process in memory, read by the memory probe after a full, compacting
/// collection (the cluster must carry it). Shared by the benchmarks that print it, so their figures compare.
/// </summary>
public static class PageMemory
{
    private const int Pages = 25;

    /// <summary>Opens <paramref name="count"/> pages of <paramref name="path"/> in one signed-in context, each with its circuit connected.</summary>
    public static async Task<(IBrowserContext Context, IReadOnlyList<IPage> Pages)> OpenAsync(
        PortalCluster cluster, PortalProcess node, string persona, string path, int count)
    {
        var context = await cluster.SignedInContextAsync(node, persona);
        var pages = new List<IPage>();
        for (var i = 0; i < count; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(path);
            await PortalCluster.WaitForCircuitAsync(page);
            pages.Add(page);
        }
        return (context, pages);
    }

    /// <summary>A line saying what each of 25 open pages of <paramref name="path"/> holds on <paramref name="node"/>, labelled <paramref name="what"/>.</summary>
    public static async Task<string> PerPageAsync(PortalCluster cluster, PortalProcess node, string persona, string path, string what)
    {
        // Open and close as many pages first: what the process pays once (code compiled and re-compiled hotter, caches,
        // pools) is then paid before the baseline, and what remains is what each open page holds.
        var (rehearsal, _) = await OpenAsync(cluster, node, persona, path, Pages);
        await rehearsal.CloseAsync();
        // A page torn down with its context may not say goodbye: its circuit is then kept for the framework's three minutes.
        await Eventually.Until(node.MemoryAsync, reading => reading.OpenCircuits == 0, "the rehearsal's circuits to close", timeoutSeconds: 200);
        var (warm, _) = await OpenAsync(cluster, node, persona, path, 1);
        var before = await Eventually.Until(node.MemoryAsync, reading => reading.OpenCircuits >= 1, "the warm page's circuit");
        var (context, _) = await OpenAsync(cluster, node, persona, path, Pages);
        var after = await Eventually.Until(node.MemoryAsync, reading => reading.OpenCircuits >= Pages + 1, $"all {Pages + 1} circuits");
        await context.CloseAsync();
        await warm.CloseAsync();
        return $"memory per open {what} circuit ({Pages} circuits, after a full GC): RSS {PerPage(before.WorkingSetBytes, after.WorkingSetBytes)} MiB, " +
               $"anonymous {PerPage(before.AnonymousBytes ?? 0, after.AnonymousBytes ?? 0)} MiB, managed heap {PerPage(before.ManagedBytes, after.ManagedBytes)} MiB, " +
               $"GC committed {PerPage(before.GcCommittedBytes, after.GcCommittedBytes)} MiB " +
               $"(RSS {before.WorkingSetBytes / 1048576} → {after.WorkingSetBytes / 1048576} MiB, threads {before.Threads} → {after.Threads})";
    }

    private static string PerPage(long before, long after) => $"{(after - before) / (double)Pages / 1024 / 1024:F2}";
}
