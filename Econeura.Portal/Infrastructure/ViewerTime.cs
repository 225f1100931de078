using Econeura.Portal.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;

namespace Econeura.Portal.Infrastructure;

/// <summary>
/// The reader's time zone, as their browser names it, and times written in it. wwwroot/js/time-zone.js keeps the zone in
/// a cookie, so a visit's first (prerendered) page already shows local times, and the prerender hands the zone on to the
/// interactive circuit as persisted state. Until a browser has said (its very first page), times are in the company's zone.
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
    /// Asks the browser for its zone once per circuit (which also refreshes the cookie of someone who travelled); true
    /// when that changed the zone, so the caller renders its times again.
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
            var zone = await module.InvokeAsync<string?>("rememberTimeZone");
            if (zone is null || zone == TimeZoneId || Find(zone) is null) return false;
            TimeZoneId = zone;
            return true;
        }
        catch (JSDisconnectedException)
        {
            // The reader left while we asked; nothing is left to render.
            return false;
        }
    }

    private static TimeZoneInfo? Find(string? id) =>
        id is { Length: > 0 and <= 64 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
