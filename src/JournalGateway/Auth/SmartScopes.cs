namespace JournalGateway.Auth;

/// <summary>
/// SMART on FHIR scopes, v2 syntax (<c>user/Composition.cruds</c>) with the v1 forms (<c>.read</c>, <c>.write</c>, <c>.*</c>)
/// understood too. Permissions: c create, r read, u update, d delete, s search.
/// </summary>
public sealed class SmartScopes
{
    private readonly Dictionary<string, HashSet<char>> _byResource = new(StringComparer.Ordinal);

    private SmartScopes()
    {
    }

    public static SmartScopes Parse(string? scopeClaim)
    {
        var scopes = new SmartScopes();
        foreach (var scope in (scopeClaim ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var slash = scope.IndexOf('/', StringComparison.Ordinal);
            var dot = scope.LastIndexOf('.');
            if (slash <= 0 || dot <= slash + 1 || scope[..slash] is not ("user" or "system" or "patient"))
            {
                continue;
            }

            var resource = scope[(slash + 1)..dot];
            var permissions = scope[(dot + 1)..] switch
            {
                "read" => "rs",
                "write" => "cud",
                "*" => "cruds",
                var v2 when v2.All(c => "cruds".Contains(c, StringComparison.Ordinal)) => v2,
                _ => string.Empty,
            };
            if (!scopes._byResource.TryGetValue(resource, out var set))
            {
                scopes._byResource[resource] = set = [];
            }

            set.UnionWith(permissions);
        }

        return scopes;
    }

    /// <summary>True when a scope for the resource type (or <c>*</c>) grants the permission.</summary>
    public bool Allows(string resourceType, char permission) =>
        (_byResource.TryGetValue(resourceType, out var exact) && exact.Contains(permission))
        || (_byResource.TryGetValue("*", out var any) && any.Contains(permission));
}
