using System.Security.Cryptography;
using JournalGateway.Errors;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace JournalGateway.Auth;

public static class AuthenticationSetup
{
    /// <summary>JWT bearer validation (issuer, audience, lifetime, signature) with OperationOutcome challenges.</summary>
    public static WebApplicationBuilder AddGatewayAuthentication(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(GatewayAuthenticationOptions.Section).Get<GatewayAuthenticationOptions>()
            ?? new GatewayAuthenticationOptions();
        builder.Services.AddOptions<GatewayAuthenticationOptions>()
            .BindConfiguration(GatewayAuthenticationOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        if (options.DevIssuer.Enabled && !builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "Authentication:DevIssuer:Enabled is true outside Development; the development token issuer must never run in " +
                $"'{builder.Environment.EnvironmentName}'. Set it to false or configure a real issuer.");
        }

        var keys = options.SigningKeys.Select(k => (SecurityKey)new SymmetricSecurityKey(Convert.FromBase64String(k))).ToList();
        var devKey = new DevSigningKey(options.DevIssuer.Enabled
            ? new SymmetricSecurityKey(string.IsNullOrEmpty(options.DevIssuer.SigningKey)
                ? RandomNumberGenerator.GetBytes(32)
                : Convert.FromBase64String(options.DevIssuer.SigningKey))
            : null);
        if (devKey.Key is not null)
        {
            keys.Add(devKey.Key);
        }

        if (options.Authority is null && keys.Count == 0)
        {
            throw new InvalidOperationException(
                "No token signing keys: set Authentication:Authority, Authentication:SigningKeys, or (Development only) Authentication:DevIssuer:Enabled.");
        }

        builder.Services.AddSingleton(devKey);
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.Authority = options.Authority;
            jwt.RequireHttpsMetadata = options.Authority?.StartsWith("https", StringComparison.Ordinal) ?? false;
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Audience,
                IssuerSigningKeys = keys,
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                RequireExpirationTime = true,
                ClockSkew = options.ClockSkew,
                NameClaimType = GatewayClaims.Subject,
            };
            jwt.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    var missing = GatewayClaims.Required.Where(c => context.Principal?.FindFirst(c) is null).ToList();
                    if (missing.Count > 0)
                    {
                        context.Fail($"The token lacks required claims: {string.Join(", ", missing)}.");
                    }

                    return Task.CompletedTask;
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    var message = context.AuthenticateFailure is null
                        ? "A bearer token is required (Authorization: Bearer <JWT>)."
                        : "The bearer token is not valid (issuer, audience, lifetime, signature or claims).";
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    await FhirExceptionHandler.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized,
                        new FhirProblem(ProblemKind.Unauthenticated, message));
                },
                OnForbidden = context => FhirExceptionHandler.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden,
                    FhirProblem.Forbidden("The token does not allow this interaction.")),
            };
        });
        return builder;
    }
}

/// <summary>The key the development issuer signs with; null when the issuer is off.</summary>
public sealed record DevSigningKey(SymmetricSecurityKey? Key);
