namespace JournalGateway.Core.Access;

/// <summary>Whether the caller may see the item (or go on with the request).</summary>
public enum AccessEffect
{
    /// <summary>Show it.</summary>
    Permit,

    /// <summary>Withhold it (fail closed); for a request as a whole, answer 403.</summary>
    Deny,
}

/// <summary>Why the access policy decided as it did; stable codes for the access log and follow-up.</summary>
public enum AccessReason
{
    /// <summary>Permit: the request as a whole may proceed (relationship asserted, purpose valid).</summary>
    RequestAllowed,

    /// <summary>Permit: the item was documented at the caller's own care unit.</summary>
    OwnCareUnit,

    /// <summary>Permit: the item is held by the caller's own provider and no inre spärr hides it.</summary>
    OwnCareProvider,

    /// <summary>Permit: another provider's item, readable under a consent valid now, and no block hides it.</summary>
    Consent,

    /// <summary>Permit: a block covers the item, but a lift valid now opens it for the caller.</summary>
    BlockLifted,

    /// <summary>Permit: another provider's item without consent, under nödåtkomst; flagged for follow-up.</summary>
    Emergency,

    /// <summary>Permit: a block covers the item and nödåtkomst opened it; flagged for follow-up.</summary>
    EmergencyOpenedBlock,

    /// <summary>Deny: the caller did not assert a care relationship (<c>X-Patient-Relationship</c>).</summary>
    RelationshipNotAsserted,

    /// <summary>Deny: nödåtkomst asked for without a reason.</summary>
    EmergencyReasonMissing,

    /// <summary>Deny: nödåtkomst asked for by an omsorgsgivare, which may never use it.</summary>
    EmergencyNotAllowedForProviderKind,

    /// <summary>Deny: another provider's item, and neither a consent valid now nor nödåtkomst.</summary>
    NoValidConsent,

    /// <summary>Deny: an inre spärr hides another unit's item within the caller's own provider.</summary>
    BlockedWithinProvider,

    /// <summary>Deny: the patient's block (spärr) hides another provider's item.</summary>
    BlockedAcrossProviders,

    /// <summary>Deny: a reference to social services documentation without a consent covering it (nödåtkomst does not open these).</summary>
    SocialCareNotCovered,
}

/// <summary>The outcome of an access decision.</summary>
/// <param name="Effect">Permit or deny.</param>
/// <param name="Reason">The machine reason code.</param>
/// <param name="Explanation">An English explanation for the caller and the log; never personal data, never a provider's name or id.</param>
/// <param name="HiddenByBlock">
/// The item is withheld because of a block: the reader is told that blocked information exists (without learning
/// which provider holds it unless <paramref name="MayNameProvider"/>).
/// </param>
/// <param name="MayNameProvider">The reader may learn which provider holds withheld information: only in a valid emergency.</param>
/// <param name="IsEmergencyAccess">Nödåtkomst is what let the caller see the item; the log flags it for follow-up.</param>
/// <param name="DirectiveId">
/// The consent, lift or block that decided it, when one did. For the log and follow-up only: a block names the
/// provider holding the information, so its id must not reach a reader who may not learn that provider.
/// </param>
public sealed record AccessDecision(
    AccessEffect Effect,
    AccessReason Reason,
    string Explanation,
    bool HiddenByBlock = false,
    bool MayNameProvider = false,
    bool IsEmergencyAccess = false,
    string? DirectiveId = null)
{
    /// <summary>Whether the effect is <see cref="AccessEffect.Permit"/>.</summary>
    public bool IsPermitted => Effect == AccessEffect.Permit;
}
