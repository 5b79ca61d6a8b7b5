using System.Security.Claims;
using JournalGateway.Core.Identifiers;
using JournalGateway.Errors;

namespace JournalGateway.Auth;

/// <summary>Who is calling, for whom they work in this call, and what their token allows.</summary>
public sealed record CallerContext(
    HsaId User,
    string? Name,
    HsaId CareUnit,
    HsaId CareProvider,
    string ProviderKind,
    SmartScopes Scopes)
{
    public static CallerContext From(ClaimsPrincipal principal)
    {
        string Claim(string type) => principal.FindFirst(type)?.Value
            ?? throw new FhirProblem(ProblemKind.Unauthenticated, $"The token lacks the '{type}' claim.");

        return new CallerContext(
            new HsaId(Claim(GatewayClaims.Subject)),
            principal.FindFirst(GatewayClaims.Name)?.Value,
            new HsaId(Claim(GatewayClaims.CareUnit)),
            new HsaId(Claim(GatewayClaims.CareProvider)),
            Claim(GatewayClaims.ProviderKind),
            SmartScopes.Parse(string.Join(' ', principal.FindAll(GatewayClaims.Scope).Select(c => c.Value))));
    }
}

public static class CallerContextExtensions
{
    public static CallerContext Caller(this HttpContext httpContext) => CallerContext.From(httpContext.User);
}
