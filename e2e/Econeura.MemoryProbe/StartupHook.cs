using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Runtime;
using System.Text.Json;

/// <summary>
/// Loaded into a portal process by the live-push benchmark through <c>DOTNET_STARTUP_HOOKS</c>, so the portal itself
/// serves no such endpoint: answers on <c>ECONEURA_MEMORY_PROBE_URL</c> with the process's memory after a full,
/// compacting collection (what open pages really hold, not what the collector has not reclaimed yet) and its open
/// circuits as the portal's <c>econeura.circuits.open</c> gauge counts them.
/// </summary>
internal static class StartupHook
{
    private static int _openCircuits;

    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("ECONEURA_MEMORY_PROBE_URL") is not { Length: > 0 } url) return;
        var circuits = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument is { Meter.Name: "Econeura", Name: "econeura.circuits.open" }) listener.EnableMeasurementEvents(instrument);
            },
        };
        circuits.SetMeasurementEventCallback<int>((_, open, _, _) => Volatile.Write(ref _openCircuits, open));
        circuits.Start();
        var http = new HttpListener { Prefixes = { url } };
        http.Start();
        _ = Task.Run(() => ServeAsync(http, circuits));
    }

    private static async Task ServeAsync(HttpListener http, MeterListener circuits)
    {
        while (http.IsListening)
        {
            var context = await http.GetContextAsync();
            circuits.RecordObservableInstruments();
            var body = JsonSerializer.SerializeToUtf8Bytes(Read(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static object Read()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return new
        {
            WorkingSetBytes = process.WorkingSet64,
            ManagedBytes = GC.GetTotalMemory(forceFullCollection: false),
            GcCommittedBytes = GC.GetGCMemoryInfo().TotalCommittedBytes,
            AnonymousBytes = AnonymousBytes(),
            OpenCircuits = Volatile.Read(ref _openCircuits),
            Threads = process.Threads.Count,
        };
    }

    /// <summary>On Linux, the part of the working set that is the process's own memory (RssAnon), not mapped files.</summary>
    private static long? AnonymousBytes()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return null;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("RssAnon:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
