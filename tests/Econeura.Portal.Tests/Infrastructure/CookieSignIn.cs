using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Econeura.Portal.Tests.Infrastructure;

public static partial class CookieSignIn
{
    /// <summary>Signs in through the development sign-in form, as a browser would: antiforgery token and all.</summary>
    public static async Task<HttpClient> BrowserForAsync(this PortalFactory portal, string persona, string? culture = null) =>
        await portal.BrowserForAsync(persona, new System.Net.CookieContainer(), culture);

    /// <summary>Signs in keeping the session cookie in <paramref name="cookies"/>.</summary>
    public static async Task<HttpClient> BrowserForAsync(this PortalFactory portal, string persona, System.Net.CookieContainer cookies, string? culture = null)
    {
        var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }, cookies);
        if (culture is not null) (await client.GetAsync($"/culture/{culture}")).EnsureSuccessStatusCodeOrRedirect();
        var page = await client.GetStringAsync("/signin-dev");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        var response = await client.PostAsync("/signin-dev", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["persona"] = persona,
            ["returnUrl"] = "/executions",
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/executions")
            throw new InvalidOperationException($"Sign-in as {persona} failed: {(int)response.StatusCode} {response.Headers.Location}");
        return client;
    }

    private static void EnsureSuccessStatusCodeOrRedirect(this HttpResponseMessage response)
    {
        if ((int)response.StatusCode >= 400) response.EnsureSuccessStatusCode();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
