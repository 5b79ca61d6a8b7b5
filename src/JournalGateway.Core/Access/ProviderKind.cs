namespace JournalGateway.Core.Access;

/// <summary>The two kinds of organisation that take part in sharing under SVOD.</summary>
public enum ProviderKind
{
    /// <summary>Vårdgivare: a care provider under HSL (region, municipality as HSL provider, private clinic).</summary>
    Vardgivare,

    /// <summary>Omsorgsgivare: a provider of SoL/LSS services; may share under SVOD but never use nödåtkomst.</summary>
    Omsorgsgivare,
}
