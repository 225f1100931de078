using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>The Entra ID sign-in end to end, against an OpenID Connect provider standing in for Entra.</summary>
public sealed class EntraSignInTests(EntraPortal entra) : IClassFixture<EntraPortal>
{
    private Task ExpectTheProvidersSignInAsync(IPage page) =>
        Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(entra.Provider.Authority)}connect/authorize\\?"));

    private async Task SignInAsync(IPage page, TestUser user)
    {
        await ExpectTheProvidersSignInAsync(page);
        await page.GetByTestId($"sign-in-as-{user.ObjectId}").ClickAsync();
        await page.WaitForURLAsync($"{entra.Portal.BaseUrl}/**");
        await PortalCluster.WaitForCircuitAsync(page);
    }

    [Fact]
    public async Task An_approver_signs_in_at_the_provider_sees_who_they_are_opens_the_queue_and_signs_out_through_the_provider()
    {
        var page = await entra.NewPageAsync();
        await page.GotoAsync("/");
        await SignInAsync(page, EntraPortal.Approver);

        Assert.Equal($"{entra.Portal.BaseUrl}/", page.Url);
        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("Lucía Navarro");
        await Expect(page.GetByTestId("signed-in-tenant")).ToHaveTextAsync(EntraPortal.TenantName);
        await Expect(page.GetByTestId("signed-in-roles")).ToHaveTextAsync("Aprobador, Usuario");

        await page.GotoAsync("/approvals");
        await PortalCluster.WaitForCircuitAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Cola de aprobaciones");
        await Expect(page.GetByTestId("approvals-search")).ToBeVisibleAsync();

        var requested = new ConcurrentQueue<string>();
        page.Request += (_, request) => requested.Enqueue(request.Url);
        await page.GetByTestId("signout-form").GetByRole(AriaRole.Button).ClickAsync();
        await page.WaitForURLAsync($"{entra.Portal.BaseUrl}/signed-out");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Has cerrado la sesión");
        // By way of the provider, which ends its own session too.
        Assert.Contains(requested, url => url.StartsWith($"{entra.Provider.Authority}connect/endsession", StringComparison.Ordinal));

        // Signed out: the next page sends the browser to the provider to sign in again.
        await page.GotoAsync("/executions");
        await ExpectTheProvidersSignInAsync(page);
        await Expect(page.GetByTestId($"sign-in-as-{EntraPortal.Approver.ObjectId}")).ToBeVisibleAsync();

        entra.AssertPortalLogHoldsNoSecret();
    }

    [Fact]
    public async Task Someone_signed_in_without_an_app_role_is_told_to_ask_their_administrator()
    {
        var page = await entra.NewPageAsync();
        await page.GotoAsync("/agents");
        await SignInAsync(page, EntraPortal.Newcomer);

        await Expect(page.GetByTestId("no-role")).ToContainTextAsync("Tomás Ibarra");
        await Expect(page.GetByTestId("signed-in-roles")).ToBeEmptyAsync();
    }

    [Fact]
    public async Task Someone_of_a_directory_nobody_onboarded_is_told_so_and_gets_no_session_nor_API()
    {
        var page = await entra.NewPageAsync();
        await page.GotoAsync("/agents");
        await ExpectTheProvidersSignInAsync(page);
        await page.GetByTestId($"sign-in-as-{EntraPortal.Outsider.ObjectId}").ClickAsync();

        await page.WaitForURLAsync($"{entra.Portal.BaseUrl}/organisation-not-set-up");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Tu organización no está dada de alta en Econeura");
        // No session was made: the next page asks the provider again.
        await page.GotoAsync("/admin/jobs");
        await ExpectTheProvidersSignInAsync(page);
        var api = await entra.GetAgentsAsync(await entra.Provider.AccessTokenForAsync(EntraPortal.Outsider));
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("not set up", await api.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_API_accepts_a_users_access_token_from_the_provider()
    {
        var token = await entra.Provider.AccessTokenForAsync(EntraPortal.Approver);

        var response = await entra.GetAgentsAsync(token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"department\"", await response.Content.ReadAsStringAsync());
        entra.AssertPortalLogHoldsNoSecret();
    }

    [Theory]
    [InlineData("expired", "expired")]
    [InlineData("signed with another key", "signature")]
    [InlineData("for another audience", "audience")]
    [InlineData("from another issuer", "issuer")]
    public async Task The_API_refuses_a_token_that_is(string flaw, string reasonGiven)
    {
        var genuine = await entra.Provider.AccessTokenForAsync(EntraPortal.Approver);
        var providerKey = entra.Provider.SigningKey;
        // The forgery differs from the genuine token in that one respect: re-signed unchanged, it is still accepted.
        Assert.Equal(HttpStatusCode.OK, (await entra.GetAgentsAsync(Resigned(genuine, providerKey, _ => { }))).StatusCode);
        var forged = flaw switch
        {
            "expired" => Resigned(genuine, providerKey, payload =>
            {
                var issuedAt = DateTimeOffset.UtcNow.AddHours(-2);
                payload["iat"] = issuedAt.ToUnixTimeSeconds();
                payload["nbf"] = issuedAt.ToUnixTimeSeconds();
                payload["exp"] = issuedAt.AddHours(1).ToUnixTimeSeconds();
            }),
            "signed with another key" => Resigned(genuine, new RsaSecurityKey(RSA.Create(2048)) { KeyId = providerKey.KeyId }, _ => { }),
            "for another audience" => Resigned(genuine, providerKey, payload => payload["aud"] = "api://another-application"),
            "from another issuer" => Resigned(genuine, providerKey, payload => payload["iss"] = $"https://login.microsoftonline.com/{EntraPortal.TenantId}/v2.0"),
            _ => throw new ArgumentOutOfRangeException(nameof(flaw)),
        };

        var response = await entra.GetAgentsAsync(forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains(reasonGiven, response.Headers.WwwAuthenticate.ToString());
        entra.AssertPortalLogHoldsNoSecret();
    }

    [Fact]
    public async Task Outside_Development_the_portal_refuses_to_start_with_the_test_provider_switch()
    {
        // It stops while reading its settings, before it would look for a database.
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => PortalProcess.StartAsync("Host=127.0.0.1;Database=unused", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["AllowedHosts"] = "portal.example.com",
            ["AzureAd__Authority"] = entra.Provider.Authority,
            ["AzureAd__MetadataAddress"] = entra.Provider.MetadataAddress,
            ["AzureAd__ClientId"] = entra.Client.ClientId,
            ["AzureAd__AllowInsecureTestProvider"] = "true",
        }));
        Assert.Contains("AzureAd:AllowInsecureTestProvider", refusal.Message);
    }

    /// <summary>The token's own claims, changed by <paramref name="change"/>, signed again with <paramref name="key"/>.</summary>
    private static string Resigned(string token, RsaSecurityKey key, Action<JsonObject> change)
    {
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(token.Split('.')[1]))!.AsObject();
        change(payload);
        return new JsonWebTokenHandler().CreateToken(payload.ToJsonString(), new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = "at+jwt" });
    }
}
