using JournalGateway.Errors;

namespace JournalGateway.Auth;

/// <summary>Per-interaction scope checks, attached to endpoints once (not repeated in handlers).</summary>
public static class ScopeRequirement
{
    /// <summary>Requires a scope granting <paramref name="permission"/> (or any of <paramref name="alternatives"/>) on the type.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string resourceType, char permission, params char[] alternatives)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization();
        builder.AddEndpointFilter(async (context, next) =>
        {
            var caller = context.HttpContext.Caller();
            if (!caller.Scopes.Allows(resourceType, permission) && !alternatives.Any(p => caller.Scopes.Allows(resourceType, p)))
            {
                throw FhirProblem.Forbidden(
                    $"The token has no scope allowing '{permission}' on {resourceType} (e.g. user/{resourceType}.{permission}).");
            }

            return await next(context);
        });
        return builder;
    }
}
