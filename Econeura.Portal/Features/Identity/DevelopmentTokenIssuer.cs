using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Econeura.Portal.Features.Identity;

public sealed record DevelopmentTokenRequest(string Persona);

public sealed class DevelopmentSignInOptions
{
    /// <summary>Base64 of 32 bytes; empty for a new key at each start.</summary>
    public string? SigningKey { get; set; }

    public static bool IsValidKey(string? key)
    {
        if (string.IsNullOrEmpty(key)) return true;
        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var written) && written == 32;
    }
}

public sealed record DevelopmentToken(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>
/// Bearer tokens for the demo personas, so every /api endpoint can be tried with curl in Development. The key is made
/// at start unless DevelopmentSignIn:SigningKey is set (base64, 32 bytes): set it when several processes must accept
/// each other's tokens.
/// </summary>
public sealed class DevelopmentTokenIssuer
{
    private const string Issuer = "econeura-development";
    private const string Audience = "econeura-api";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);
    private readonly SymmetricSecurityKey _key;
    private readonly TimeProvider _time;

    public DevelopmentTokenIssuer(IOptions<DevelopmentSignInOptions> options, TimeProvider time)
    {
        _time = time;
        var configured = options.Value.SigningKey;
        _key = new SymmetricSecurityKey(string.IsNullOrEmpty(configured) ? RandomNumberGenerator.GetBytes(32) : Convert.FromBase64String(configured));
        ValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = _key,
            NameClaimType = PortalClaims.Name,
            RoleClaimType = PortalClaims.Roles,
        };
    }

    public TokenValidationParameters ValidationParameters { get; }

    public DevelopmentToken Issue(DevelopmentPersona persona)
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new System.Security.Claims.ClaimsIdentity(persona.Claims()),
            Expires = _time.GetUtcNow().UtcDateTime.Add(Lifetime),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        return new DevelopmentToken(token, "Bearer", (int)Lifetime.TotalSeconds);
    }
}
