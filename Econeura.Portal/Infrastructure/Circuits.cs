using System.Runtime;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Econeura.Portal.Infrastructure;

/// <summary>Counts the open Blazor circuits of this process: each is a person with a page open, and memory the server holds for them.</summary>
public sealed class CircuitCounter : CircuitHandler
{
    private int _open;

    public CircuitCounter() =>
        Telemetry.Meter.CreateObservableGauge("econeura.circuits.open", () => Volatile.Read(ref _open), description: "Open Blazor circuits in this process");

    public int Open => Volatile.Read(ref _open);

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _open);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref _open);
        return Task.CompletedTask;
    }
}

/// <param name="GcCommittedBytes">Memory the collector holds from the OS: the live heap plus what it keeps ready.</param>
/// <param name="AnonymousBytes">On Linux, the part of the working set that is the process's own memory (RssAnon), not mapped files.</param>
public sealed record MemoryReading(long WorkingSetBytes, long ManagedBytes, long GcCommittedBytes, long? AnonymousBytes, int OpenCircuits, int Threads);

public static class Circuits
{
    public static void AddCircuitCounting(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CircuitCounter>();
        builder.Services.AddSingleton<CircuitHandler>(services => services.GetRequiredService<CircuitCounter>());
    }

    /// <summary>
    /// Development only: a full, compacting collection and then the process's memory, so a benchmark can read what open
    /// pages really hold rather than what the collector has not reclaimed yet.
    /// </summary>
    public static void MapMemoryReading(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) return;
        app.MapPost("/api/dev/memory", ReadMemory)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithTags("Development");
    }

    private static Ok<MemoryReading> ReadMemory(CircuitCounter circuits)
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return TypedResults.Ok(new MemoryReading(
            process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo().TotalCommittedBytes, AnonymousBytes(), circuits.Open,
            process.Threads.Count));
    }

    private static long? AnonymousBytes()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return null;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("RssAnon:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
