using System.Security.Claims;
using System.Security.Cryptography;
using JournalGateway.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JournalGateway.Hosting;

/// <summary>
/// The bearer-token share of a request, run once before ready with a token signed by a key of the rehearsal's own:
/// the JwtBearer handler reads and checks it as it would a caller's (and refuses it at the signature, since no
/// configured key signed it), then the configured token handler validates it with that key added to a copy of the
/// configured settings, and the caller and the default authorization policy are evaluated on the result.
/// </summary>
/// <remarks>
/// With an <c>Authentication:Authority</c>, the handler's first call also fetches the issuer's metadata and keys, which
/// would otherwise happen inside the first request. The key never reaches the options the handler uses.
/// </remarks>
internal sealed class AuthenticationRehearsal(
    IOptionsMonitor<JwtBearerOptions> jwtOptions,
    IServiceScopeFactory scopes,
    IAuthorizationService authorization,
    TimeProvider time)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = jwtOptions.Get(JwtBearerDefaults.AuthenticationScheme);
        var now = time.GetUtcNow().UtcDateTime;
        var parameters = options.TokenValidationParameters.Clone();
        var key = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        parameters.IssuerSigningKey = null;
        parameters.IssuerSigningKeys = [key];
        parameters.ValidIssuer ??= "startup-rehearsal";
        parameters.ValidAudience ??= "startup-rehearsal";
        // The lifetime is checked against the same clock the token was stamped with.
        parameters.LifetimeValidator = (notBefore, expires, _, _) => notBefore <= now && now < expires;

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = parameters.ValidIssuer,
            Audience = parameters.ValidAudience,
            Subject = new ClaimsIdentity(
            [
                new Claim(GatewayClaims.Subject, "SE2120002080-P001"),
                new Claim(GatewayClaims.CareUnit, "SE2120002080-E001"),
                new Claim(GatewayClaims.CareProvider, "SE2120002080-0001"),
                new Claim(GatewayClaims.ProviderKind, "omsorgsgivare"),
                new Claim(GatewayClaims.Scope, "user/Composition.r"),
            ]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(1),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });

        using (var scope = scopes.CreateScope())
        {
            var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = cancellationToken };
            http.Request.Headers.Authorization = "Bearer " + token;
            var refused = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
            if (refused.Succeeded)
            {
                throw new InvalidOperationException("The handler accepted a token signed with a key it was never given.");
            }
        }

        var handler = options.TokenHandlers.FirstOrDefault() ?? new JsonWebTokenHandler();
        var result = await handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            throw new InvalidOperationException("The rehearsal token did not validate.", result.Exception);
        }

        var principal = new ClaimsPrincipal(result.ClaimsIdentity);
        CallerContext.From(principal);
        await authorization.AuthorizeAsync(principal, resource: null, new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }
}
