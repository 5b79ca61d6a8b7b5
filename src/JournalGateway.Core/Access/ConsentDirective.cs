using JournalGateway.Core.Identifiers;

namespace JournalGateway.Core.Access;

/// <summary>Whether a consent, block or lift is in effect (FHIR <c>Consent.status</c> active or inactive).</summary>
public enum ConsentStatus
{
    /// <summary>In effect within its validity period.</summary>
    Active,

    /// <summary>Withdrawn; never counts again. Directives are deactivated, never deleted.</summary>
    Inactive,
}

/// <summary>The three kinds of patient directive the gateway keeps.</summary>
public enum DirectiveKind
{
    /// <summary>Samtycke: a permit for a reader (<see cref="PatientConsent"/>).</summary>
    Consent,

    /// <summary>Spärr: a deny for a custodian's information (<see cref="PatientBlock"/>).</summary>
    Block,

    /// <summary>A temporary lift of a block for one reader (<see cref="BlockLift"/>).</summary>
    BlockLift,
}

/// <summary>
/// A patient's decision about who may read their data: a consent, a block, or a temporary lift of a block.
/// All three are FHIR <c>Consent</c> resources on the wire; the gateway keeps them as these records.
/// </summary>
public abstract record ConsentDirective
{
    /// <summary>The gateway's id of the directive (the Consent id).</summary>
    public required string Id { get; init; }

    /// <summary>The patient who gave it.</summary>
    public required PatientIdentifier Patient { get; init; }

    /// <summary>Active or inactive.</summary>
    public ConsentStatus Status { get; init; } = ConsentStatus.Active;

    /// <summary>When the directive applies (FHIR <c>provision.period</c>); unbounded when not given.</summary>
    public TimePeriod Validity { get; init; }

    /// <summary>When the gateway recorded it.</summary>
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>The user who registered it, when known.</summary>
    public HsaId? RecordedBy { get; init; }

    /// <summary>Which kind of directive this is (for storage and mapping).</summary>
    public abstract DirectiveKind Kind { get; }

    /// <summary>Whether it counts at <paramref name="now"/>: active, and <paramref name="now"/> inside its validity.</summary>
    public bool IsInForce(DateTimeOffset now) => Status == ConsentStatus.Active && Validity.Contains(now);
}

/// <summary>
/// Samtycke: the patient lets a reader (provider, unit or user) read other providers' information
/// (FHIR <c>provision.type = permit</c>, actor role <c>IRCP</c>).
/// </summary>
public sealed record PatientConsent : ConsentDirective
{
    /// <summary>Who may read.</summary>
    public required ConsentReader Reader { get; init; }

    /// <summary>
    /// Whether the consent also covers references to social services documentation (SoL/LSS).
    /// False unless the consent says so (documentation basis SoL or LSS among its provisions).
    /// </summary>
    public bool CoversSocialCare { get; init; }

    /// <inheritdoc />
    public override DirectiveKind Kind => DirectiveKind.Consent;
}

/// <summary>
/// Spärr: the patient blocks one provider's (yttre) or one unit's (inre) information
/// (FHIR <c>provision.type = deny</c>, actor role <c>CST</c>).
/// </summary>
public sealed record PatientBlock : ConsentDirective
{
    /// <summary>Whose information is blocked.</summary>
    public required BlockedCustodian Custodian { get; init; }

    /// <summary>Which information by its time (FHIR <c>provision.dataPeriod</c>); all of it when not given.</summary>
    public TimePeriod DataPeriod { get; init; }

    /// <summary>Whether the block covers the item: held by the custodian, and its time inside the data period.</summary>
    public bool Covers(DataItem item) => Custodian.Holds(item) && DataPeriod.Contains(item.Time);

    /// <inheritdoc />
    public override DirectiveKind Kind => DirectiveKind.Block;
}

/// <summary>
/// A temporary lift of a block for one reader: a permit for the reader whose nested provision names the blocked
/// custodian (role <c>CST</c>), with a short <see cref="ConsentDirective.Validity"/>.
/// It opens blocks only; it does not stand in for a consent.
/// </summary>
public sealed record BlockLift : ConsentDirective
{
    /// <summary>Who may see the blocked information.</summary>
    public required ConsentReader Reader { get; init; }

    /// <summary>Whose blocked information: a provider lifts its own and its units' blocks, a unit only its own.</summary>
    public required BlockedCustodian Custodian { get; init; }

    /// <summary>Whether this lift opens <paramref name="block"/> for the caller reading <paramref name="item"/>.</summary>
    public bool Opens(PatientBlock block, DataItem item, AccessCaller caller) =>
        Reader.Matches(caller)
        && (Custodian == block.Custodian
            || (Custodian.Kind == CustodianKind.CareProvider && Custodian.HsaId == item.CareProvider));

    /// <inheritdoc />
    public override DirectiveKind Kind => DirectiveKind.BlockLift;
}
