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

    /// <param name="baseUrl">Where it listens; by default a free loopback port. Chosen beforehand when something else must know it first.</param>
    public static async Task<PortalProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string> settings, string? baseUrl = null)
    {
        var portalDirectory = Path.Combine(Repository.Root, "Econeura.Portal", "bin", Repository.Configuration, "net10.0");
        var dll = Path.Combine(portalDirectory, "Econeura.Portal.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the solution first: {dll} is missing.");
        baseUrl ??= FreeLoopbackUrl();
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
        var portal = new PortalProcess(Process.Start(start)!, baseUrl);
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
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The portal exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync($"{BaseUrl}/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The portal at {BaseUrl} was not ready within 90 s:\n{Output}");
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
