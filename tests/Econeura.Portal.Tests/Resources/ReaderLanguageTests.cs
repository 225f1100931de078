namespace Econeura.Portal.Tests.Resources;

/// <summary>A browser says its language as its country speaks it; the portal answers in that language as it writes it.</summary>
public sealed class ReaderLanguageTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("en-US,en;q=0.9", "en-GB", "Development sign-in")]
    [InlineData("en-GB", "en-GB", "Development sign-in")]
    [InlineData("es-MX,es;q=0.9", "es-ES", "Acceso de desarrollo")]
    [InlineData("fr-FR,de;q=0.8,en;q=0.5", "en-GB", "Development sign-in")]
    [InlineData("fr-FR", "es-ES", "Acceso de desarrollo")]
    public async Task The_sign_in_page_speaks_the_browsers_language_whatever_its_country(string acceptLanguage, string culture, string words)
    {
        using var client = fixture.Portal.CreateClient();
        client.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);

        using var response = await client.GetAsync("/signin-dev");

        Assert.Equal(culture, Assert.Single(response.Content.Headers.ContentLanguage));
        Assert.Contains(words, await response.Content.ReadAsStringAsync());
    }
}
