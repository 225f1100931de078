using Econeura.Portal.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;

namespace Econeura.Portal.Infrastructure;

/// <summary>
/// The reader's time zone, as their browser names it, and times written in it. wwwroot/js/time-zone.js keeps the zone in
/// a cookie from the first page a browser loads (the sign-in page), so pages come prerendered in local times, and the
/// prerender hands the zone on to the interactive circuit as persisted state. Until a browser has said, times are in the
/// company's zone. The zone never changes under a circuit: times drawn before and after a live update agree.
/// </summary>
public sealed class ViewerTime(TimeProvider time, IHttpContextAccessor? http = null)
{
    public const string Cookie = "econeura-tz";

    /// <summary>The company is Spanish: its zone is the best guess before the browser has said.</summary>
    public const string CompanyZone = "Europe/Madrid";

    private bool _askedBrowser;
    private (string? Id, TimeZoneInfo Zone)? _resolved;

    /// <summary>The IANA id the browser reported ("Europe/Madrid", "America/Bogota"); null until it has.</summary>
    [PersistentState]
    public string? TimeZoneId { get; set; } = http?.HttpContext?.Request.Cookies[Cookie];

    public TimeZoneInfo Zone
    {
        get
        {
            if (_resolved is not { } resolved || resolved.Id != TimeZoneId)
                _resolved = resolved = (TimeZoneId, Find(TimeZoneId) ?? Find(CompanyZone) ?? TimeZoneInfo.Utc);
            return resolved.Zone;
        }
    }

    public DateTimeOffset Now => time.GetUtcNow();

    public string Moment(DateTimeOffset at) => Formatting.Moment(at, Zone);

    public string Clock(DateTimeOffset at) => Formatting.Clock(at, Zone);

    public string Exact(DateTimeOffset at) => Formatting.Exact(at, Zone);

    public string Ago(DateTimeOffset at, IStringLocalizer<Strings> strings) => Formatting.Ago(Now - at, strings);

    /// <summary>
    /// Asks the browser for its zone once per circuit (which also refreshes the cookie of someone who travelled). True when
    /// the circuit has drawn its times in another zone and the cookie now holds the browser's: the caller reloads the
    /// page, which then comes in that zone throughout. A browser that keeps no cookie keeps the zone it has, for a reload
    /// would not help it and a page must not mix two zones.
    /// </summary>
    /// <param name="assets">The caller's <c>Assets</c>: the module is imported by its fingerprinted address, which the browser
    /// keeps, so a reload does not fetch it again.</param>
    public async Task<bool> AskBrowserAsync(IJSRuntime js, Microsoft.AspNetCore.Components.ResourceAssetCollection assets)
    {
        if (_askedBrowser) return false;
        _askedBrowser = true;
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./" + assets["js/time-zone.js"]);
            var answer = await module.InvokeAsync<BrowserZone?>("rememberTimeZone");
            if (answer is not { Remembered: true } || Find(answer.Zone) is not { } zone || zone.Id == Zone.Id) return false;
            TimeZoneId = answer.Zone;
            return true;
        }
        catch (JSDisconnectedException)
        {
            // The reader left while we asked; nothing is left to render.
            return false;
        }
    }

    private sealed record BrowserZone(string Zone, bool Remembered);

    private static TimeZoneInfo? Find(string? id) =>
        id is { Length: > 0 and <= 64 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
