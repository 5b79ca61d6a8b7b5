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
    private static readonly object Key = new();

    /// <summary>
    /// The caller of this request. Read once per request (the scope filter, the access rules and the access log all
    /// ask): kept in the request's items together with the principal it came from, so a changed principal is read anew.
    /// </summary>
    public static CallerContext Caller(this HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var principal = httpContext.User;
        if (httpContext.Items.TryGetValue(Key, out var kept) && kept is KeptCaller known && ReferenceEquals(known.Principal, principal))
        {
            return known.Caller;
        }

        var caller = CallerContext.From(principal);
        httpContext.Items[Key] = new KeptCaller(principal, caller);
        return caller;
    }

    private sealed record KeptCaller(ClaimsPrincipal Principal, CallerContext Caller);
}
