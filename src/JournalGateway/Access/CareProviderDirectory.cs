using JournalGateway.Core.Access;
using JournalGateway.Core.Identifiers;
using Microsoft.Extensions.Options;

namespace JournalGateway.Access;

/// <summary>A care provider the gateway serves (a tenant): its HSA-id, name, kind and units.</summary>
public sealed class CareProviderSettings
{
    public string HsaId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary><c>vardgivare</c> or <c>omsorgsgivare</c>.</summary>
    public string Kind { get; set; } = "vardgivare";

    public List<CareUnitSettings> Units { get; set; } = [];
}

public sealed class CareUnitSettings
{
    public string HsaId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;
}

/// <summary>The configured care providers (section <c>CareProviders</c>); the source of truth for a provider's kind.</summary>
public sealed class CareProviderDirectory(IOptions<List<CareProviderSettings>> options)
{
    private readonly Dictionary<string, CareProviderSettings> _providers =
        options.Value.ToDictionary(p => p.HsaId, StringComparer.Ordinal);

    private readonly HashSet<string> _units =
        options.Value.SelectMany(p => p.Units).Select(u => u.HsaId).ToHashSet(StringComparer.Ordinal);

    /// <summary>True when no providers are configured: every authenticated provider is then served.</summary>
    public bool IsOpen => _providers.Count == 0;

    public bool IsKnown(HsaId provider) => IsOpen || _providers.ContainsKey(provider.Value);

    public bool IsUnit(HsaId id) => _units.Contains(id.Value);

    public bool IsProvider(HsaId id) => _providers.ContainsKey(id.Value);

    /// <summary>The provider's configured kind; the token's claim only when the provider is not configured.</summary>
    public ProviderKind KindOf(HsaId provider, string tokenClaim)
    {
        var code = _providers.TryGetValue(provider.Value, out var configured) ? configured.Kind : tokenClaim;
        return AccessCodes.TryParseProviderKind(code, out var kind) ? kind : ProviderKind.Omsorgsgivare;
    }

    public IEnumerable<CareProviderSettings> All => _providers.Values;
}
