using System.Diagnostics;

namespace Econeura.Testing;

/// <summary>Timings for benchmarks, which print them and never assert them.</summary>
public static class Measure
{
    /// <summary>Runs <paramref name="query"/> three times to warm up, then <paramref name="runs"/> times: its p50 and p95 in ms.</summary>
    public static async Task<(double P50, double P95)> TimeAsync<T>(int runs, Func<Task<T>> query)
    {
        for (var warm = 0; warm < 3; warm++) await query();
        var timings = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            await query();
            timings.Add(clock.Elapsed.TotalMilliseconds);
        }
        timings.Sort();
        return (Percentile(timings, 0.5), Percentile(timings, 0.95));
    }

    /// <summary>The value at or below which <paramref name="share"/> of the sorted values fall (nearest rank).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double share) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(sorted.Count * share) - 1, 0, sorted.Count - 1)];
}
