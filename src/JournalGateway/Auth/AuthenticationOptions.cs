using System.ComponentModel.DataAnnotations;

namespace JournalGateway.Auth;

/// <summary>Token validation settings (section <c>Authentication</c>).</summary>
public sealed class GatewayAuthenticationOptions
{
    public const string Section = "Authentication";

    /// <summary>The expected <c>iss</c>.</summary>
    [Required]
    public string Issuer { get; set; } = "https://journalgateway.local/dev-issuer";

    /// <summary>The expected <c>aud</c>.</summary>
    [Required]
    public string Audience { get; set; } = "journalgateway";

    /// <summary>An OpenID Connect authority whose metadata and JWKS sign the tokens (production).</summary>
    public string? Authority { get; set; }

    /// <summary>Base64 HMAC keys that sign tokens, when no authority is used.</summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>Allowed clock difference between issuer and gateway.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public DevIssuerOptions DevIssuer { get; set; } = new();
}

/// <summary>The development token issuer behind <c>POST /dev/token</c>: only ever in Development.</summary>
public sealed class DevIssuerOptions
{
    public bool Enabled { get; set; }

    /// <summary>Base64 key (at least 32 bytes); when empty a random key is made at start.</summary>
    public string? SigningKey { get; set; }

    [Range(60, 24 * 3600)]
    public int TokenLifetimeSeconds { get; set; } = 3600;
}
