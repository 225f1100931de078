using Econeura.Testing;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Econeura.E2E;

/// <summary>The built portal run as a real process on a free loopback port, as a newcomer would run it.</summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PortalProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }
    public int ProcessId => _process.Id;

    private string? _memoryProbe;

    /// <summary>The process's memory after a full, compacting collection, and its open circuits; only for a process started with the probe.</summary>
    public async Task<MemoryReading> MemoryAsync()
    {
        using var http = new HttpClient();
        return (await http.GetFromJsonAsync<MemoryReading>(_memoryProbe ?? throw new InvalidOperationException("Started without the memory probe.")))!;
    }

    /// <param name="baseUrl">Where it listens; by default a free loopback port. Chosen beforehand when something else must know it first.</param>
    /// <param name="probeMemory">Loads the memory probe into the process, for <see cref="MemoryAsync"/>.</param>
    public static async Task<PortalProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string> settings, string? baseUrl = null,
        bool probeMemory = false)
    {
        if (baseUrl is not null) return await StartOnceAsync(connectionString, settings, baseUrl, probeMemory);
        // A port found free can be taken by another process before the portal binds it: then it starts again on another.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(connectionString, settings, FreeLoopbackUrl(), probeMemory);
            }
            catch (InvalidOperationException exited) when (attempt < 3 && exited.Message.Contains("address already in use", StringComparison.Ordinal))
            {
            }
        }
    }

    private static async Task<PortalProcess> StartOnceAsync(string connectionString, IReadOnlyDictionary<string, string> settings, string baseUrl,
        bool probeMemory)
    {
        var portalDirectory = Path.Combine(Repository.Root, "Econeura.Portal", "bin", Repository.Configuration, "net10.0");
        var dll = Path.Combine(portalDirectory, "Econeura.Portal.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the solution first: {dll} is missing.");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", baseUrl])
        {
            WorkingDirectory = portalDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ConnectionStrings__Econeura"] = connectionString,
                ["Logging__LogLevel__Default"] = "Warning",
                // The tests' agents listen on loopback, which the egress policy refuses unless an operator opens it.
                ["Egress__AllowedRanges"] = "127.0.0.0/8;::1/128",
            },
        };
        foreach (var (key, value) in settings) start.Environment[key] = value;
        var probe = probeMemory ? $"{FreeLoopbackUrl()}/" : null;
        if (probe is not null)
        {
            var hook = Path.Combine(Repository.Root, "e2e", "Econeura.MemoryProbe", "bin", Repository.Configuration, "net10.0", "Econeura.MemoryProbe.dll");
            if (!File.Exists(hook)) throw new FileNotFoundException($"Build the e2e project first: {hook} is missing.");
            start.Environment["DOTNET_STARTUP_HOOKS"] = hook;
            start.Environment["ECONEURA_MEMORY_PROBE_URL"] = probe;
        }
        var portal = new PortalProcess(Process.Start(start)!, baseUrl) { _memoryProbe = probe };
        portal._process.OutputDataReceived += (_, e) => portal.Append(e.Data);
        portal._process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
        portal._process.BeginOutputReadLine();
        portal._process.BeginErrorReadLine();
        await portal.WaitUntilReadyAsync();
        return portal;
    }

    /// <summary>An API client holding a development bearer token for <paramref name="persona"/>.</summary>
    public async Task<HttpClient> ApiClientAsync(string persona)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var token = await (await client.PostAsJsonAsync("/api/dev/token", new { persona })).Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("access_token").GetString());
        return client;
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.Until(async () =>
            {
                if (_process.HasExited)
                {
                    // The exit can be seen before its last lines are read: waiting for it drains the redirected output too.
                    await _process.WaitForExitAsync();
                    throw new InvalidOperationException($"The portal exited with {_process.ExitCode}:\n{Output}");
                }
                try
                {
                    return (await http.GetAsync($"{BaseUrl}/health/ready")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    return (HttpStatusCode?)null; // not listening yet
                }
                catch (TaskCanceledException)
                {
                    return (HttpStatusCode?)null; // starting on a busy machine: slower than one probe's timeout
                }
            }, status => status == HttpStatusCode.OK, $"the portal at {BaseUrl} to be ready", timeoutSeconds: 90);
        }
        catch (TimeoutException timedOut)
        {
            throw new TimeoutException($"{timedOut.Message}\n{Output}", timedOut);
        }
    }

    public static string FreeLoopbackUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    /// <summary>SIGKILL, as a crash or the OOM killer would: no shutdown, no goodbye to the database.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

/// <param name="GcCommittedBytes">Memory the collector holds from the OS: the live heap plus what it keeps ready.</param>
/// <param name="AnonymousBytes">On Linux, the part of the working set that is the process's own memory (RssAnon), not mapped files.</param>
public sealed record MemoryReading(long WorkingSetBytes, long ManagedBytes, long GcCommittedBytes, long? AnonymousBytes, int OpenCircuits, int Threads);
