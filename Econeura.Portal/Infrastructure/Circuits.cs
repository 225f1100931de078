using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.SignalR;

namespace Econeura.Portal.Infrastructure;

/// <summary>Counts the open Blazor circuits of this process: each is a person with a page open, and memory the server holds for them.</summary>
public sealed class CircuitCounter : CircuitHandler
{
    private int _open;

    public CircuitCounter() =>
        Telemetry.Meter.CreateObservableGauge("econeura.circuits.open", () => Volatile.Read(ref _open), description: "Open Blazor circuits in this process");

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

/// <summary>Section <c>Circuits</c>.</summary>
public sealed class CircuitLimitOptions
{
    /// <summary>
    /// Open pages one person may hold at once (each circuit keeps a megabyte or more on the server, also while disconnected and
    /// waiting to reconnect): enough for many tabs, too few for a script to exhaust the memory of a node.
    /// </summary>
    public int MaxPerUser { get; set; } = 20;
}

/// <summary>
/// The circuits each person has open in this process, and the refusal of one more beyond <see cref="CircuitLimitOptions.MaxPerUser"/>:
/// the hub's <c>StartCircuit</c> answers no circuit, before anything is allocated for it. The place is taken when the
/// circuit is asked for (a burst of simultaneous requests cannot slip past the limit while earlier circuits are still
/// starting) and given back when the circuit closes. Reconnecting a circuit that exists is never refused.
/// </summary>
public sealed partial class CircuitsPerUser(IOptions<CircuitLimitOptions> options, ILogger<CircuitsPerUser> logger) : IHubFilter
{
    private readonly ConcurrentDictionary<string, int> _open = new();

    public int OpenBy(string user) => _open.GetValueOrDefault(user);

    public static string? KeyOf(ClaimsPrincipal principal) => PortalUser.From(principal) is { } user ? $"{user.TenantId}/{user.UserId}" : null;

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocation.HubMethodName != "StartCircuit" || invocation.Context.User is not { } principal || KeyOf(principal) is not { } user)
            return await next(invocation);
        if (!TryTake(user))
        {
            LogRefused(options.Value.MaxPerUser);
            return null;
        }
        var started = false;
        try
        {
            var circuit = await next(invocation);
            started = circuit is not null;
            return circuit;
        }
        finally
        {
            if (!started) GiveBack(user);
        }
    }

    private bool TryTake(string user)
    {
        while (true)
        {
            var open = _open.GetValueOrDefault(user);
            if (open >= options.Value.MaxPerUser) return false;
            if (open == 0 ? _open.TryAdd(user, 1) : _open.TryUpdate(user, open + 1, open)) return true;
        }
    }

    private void GiveBack(string user)
    {
        _open.AddOrUpdate(user, 0, (_, open) => open - 1);
        _open.TryRemove(KeyValuePair.Create(user, 0));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A page was not made interactive: its user already has {Limit} open circuits on this node")]
    private partial void LogRefused(int limit);

    /// <summary>One per circuit (scoped to it): gives its user's place back when the circuit closes.</summary>
    public sealed class Tracker(CircuitsPerUser circuits, AuthenticationStateProvider authentication) : CircuitHandler
    {
        private string? _startedFor;

        // The user the place was taken for, as the circuit started: a reconnection updates the circuit's user.
        public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken) =>
            _startedFor = await UserAsync();

        public override async Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            if ((_startedFor ?? await UserAsync()) is { } user) circuits.GiveBack(user);
        }

        private async Task<string?> UserAsync() => KeyOf((await authentication.GetAuthenticationStateAsync()).User);
    }
}

public static class Circuits
{
    public static void AddCircuitCounting(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CircuitCounter>();
        builder.Services.AddSingleton<CircuitHandler>(services => services.GetRequiredService<CircuitCounter>());
        builder.Services.AddOptions<CircuitLimitOptions>().BindConfiguration("Circuits")
            .Validate(o => o.MaxPerUser >= 1, "Circuits:MaxPerUser must be at least 1.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CircuitsPerUser>();
        builder.Services.AddScoped<CircuitHandler, CircuitsPerUser.Tracker>();
    }
}
