using System.Security.Claims;
using System.Text.Json.Serialization;
using JournalGateway.Errors;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JournalGateway.Auth;

/// <summary><c>POST /dev/token</c>: tokens for local development, Postman and tests. Mapped only when enabled.</summary>
public static class DevTokenEndpoint
{
    public sealed record TokenRequest(
        [property: JsonPropertyName("sub")] string? Sub,
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("care_unit")] string? CareUnit,
        [property: JsonPropertyName("care_provider")] string? CareProvider,
        [property: JsonPropertyName("provider_kind")] string? ProviderKind,
        [property: JsonPropertyName("scope")] string? Scope);

    public sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("token_type")] string TokenType,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);

    public static IEndpointRouteBuilder MapDevTokenEndpoint(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<GatewayAuthenticationOptions>>().Value;
        if (options.DevIssuer.Enabled)
        {
            app.MapPost("/dev/token", IssueToken).AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }

    private static TokenResponse IssueToken(
        TokenRequest request, DevSigningKey key, IOptions<GatewayAuthenticationOptions> options, TimeProvider time)
    {
        var missing = new (string Name, string? Value)[]
        {
            ("sub", request.Sub), ("care_unit", request.CareUnit), ("care_provider", request.CareProvider),
            ("provider_kind", request.ProviderKind), ("scope", request.Scope),
        }.Where(c => string.IsNullOrWhiteSpace(c.Value)).Select(c => c.Name).ToList();
        if (missing.Count > 0)
        {
            throw FhirProblem.Malformed($"The token request lacks: {string.Join(", ", missing)}.");
        }

        if (request.ProviderKind is not ("vardgivare" or "omsorgsgivare"))
        {
            throw FhirProblem.Malformed("provider_kind must be 'vardgivare' or 'omsorgsgivare'.", "provider_kind");
        }

        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [GatewayClaims.Subject] = request.Sub!,
            [GatewayClaims.CareUnit] = request.CareUnit!,
            [GatewayClaims.CareProvider] = request.CareProvider!,
            [GatewayClaims.ProviderKind] = request.ProviderKind!,
            [GatewayClaims.Scope] = request.Scope!,
        };
        if (!string.IsNullOrWhiteSpace(request.Name))
        {
            claims[GatewayClaims.Name] = request.Name;
        }

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddSeconds(settings.DevIssuer.TokenLifetimeSeconds),
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(),
        });
        return new TokenResponse(token, "Bearer", settings.DevIssuer.TokenLifetimeSeconds);
    }
}
