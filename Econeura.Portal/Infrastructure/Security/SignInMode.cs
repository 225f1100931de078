namespace Econeura.Portal.Infrastructure.Security;

/// <summary>How people sign in here: through Entra ID when an <c>AzureAd</c> section is configured, else, in Development only, as a demo persona.</summary>
/// <param name="ProviderOrigin">The identity provider's origin (scheme and host), where sign-out posts lead; none for the development sign-in.</param>
public sealed record SignInMode(bool UsesEntra, bool DevelopmentSignIn, string? ProviderOrigin = null)
{
    public const string DevelopmentSignInPath = "/signin-dev";
    public const string SignedOutPath = "/signed-out";
}
