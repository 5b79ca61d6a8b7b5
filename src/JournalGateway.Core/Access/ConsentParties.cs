using JournalGateway.Core.Identifiers;

namespace JournalGateway.Core.Access;

/// <summary>What level a consent or a lift names its reader at.</summary>
public enum ReaderKind
{
    /// <summary>Every user of a care provider.</summary>
    CareProvider,

    /// <summary>Every user of one care unit.</summary>
    CareUnit,

    /// <summary>One user.</summary>
    User,
}

/// <summary>The reader a consent or a lift is given to (FHIR <c>provision.actor</c> with role <c>IRCP</c>).</summary>
/// <param name="Kind">Provider, unit or user.</param>
/// <param name="HsaId">The HSA-id of that provider, unit or user.</param>
public sealed record ConsentReader(ReaderKind Kind, HsaId HsaId)
{
    /// <summary>Whether the caller is this reader (works for this provider or unit in this call, or is this user).</summary>
    public bool Matches(AccessCaller caller) => Kind switch
    {
        ReaderKind.CareProvider => caller.CareProvider == HsaId,
        ReaderKind.CareUnit => caller.CareUnit == HsaId,
        ReaderKind.User => caller.User == HsaId,
        _ => false,
    };
}

/// <summary>What level a block names the custodian of the blocked information at.</summary>
public enum CustodianKind
{
    /// <summary>A whole care provider: a yttre spärr, hiding its information from other providers.</summary>
    CareProvider,

    /// <summary>One care unit: an inre spärr, hiding its information from the provider's other units (and from other providers).</summary>
    CareUnit,
}

/// <summary>The holder of blocked information (FHIR <c>provision.actor</c> with role <c>CST</c>).</summary>
/// <param name="Kind">Provider (yttre spärr) or unit (inre spärr).</param>
/// <param name="HsaId">The HSA-id of that provider or unit.</param>
public sealed record BlockedCustodian(CustodianKind Kind, HsaId HsaId)
{
    /// <summary>Whether the item is held by this provider or documented at this unit.</summary>
    public bool Holds(DataItem item) => Kind switch
    {
        CustodianKind.CareProvider => item.CareProvider == HsaId,
        CustodianKind.CareUnit => item.CareUnit == HsaId,
        _ => false,
    };
}
