using JournalGateway.Core.Identifiers;

namespace JournalGateway.Core.Access;

/// <summary>Who reads, for which unit and provider in this call, and whether they asserted a care relationship.</summary>
/// <param name="User">The user's HSA-id (token <c>sub</c>).</param>
/// <param name="CareUnit">The unit the user works for in this call (token <c>care_unit</c>).</param>
/// <param name="CareProvider">The provider that unit belongs to (token <c>care_provider</c>).</param>
/// <param name="ProviderKind">Vårdgivare or omsorgsgivare, from the gateway's configuration and the token.</param>
/// <param name="RelationshipAsserted">Whether the request carried <c>X-Patient-Relationship: active</c>.</param>
public sealed record AccessCaller(
    HsaId User,
    HsaId CareUnit,
    HsaId CareProvider,
    ProviderKind ProviderKind,
    bool RelationshipAsserted);
