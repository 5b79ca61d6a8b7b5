namespace JournalGateway.Core.Access;

/// <summary>
/// The Swedish access rules (SVOD, DESIGN section 6) as pure functions: no clock, no storage, no I/O.
/// Anything not positively allowed is denied.
/// </summary>
/// <remarks>
/// Own provider: relationship asserted; data of another unit is hidden by an inre spärr naming that unit unless a
/// lift for the reader (or nödåtkomst) opens it.
/// Another provider: relationship asserted, and a consent valid now for the reader (provider, unit or user) or
/// nödåtkomst (ETREAT by a vårdgivare with a reason), and no block valid now covering the item's provider or unit
/// and time, unless a lift for the reader or nödåtkomst opens it. SoL references need a consent that covers them,
/// and a block over them opens only by a lift, never by nödåtkomst.
/// "Another provider" compares full HSA-ids: a municipality's HSL provider and its SoL omsorgsgivare are two providers.
/// </remarks>
public static class AccessPolicy
{
    /// <summary>
    /// Whether a read of patient data may proceed at all: the relationship header asserted, and nödåtkomst asked for
    /// only by a vårdgivare with a reason. A deny here is a 403 for the whole request.
    /// </summary>
    public static AccessDecision CheckRequest(AccessCaller caller, AccessPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(purpose);

        if (!caller.RelationshipAsserted)
        {
            return Deny(AccessReason.RelationshipNotAsserted, "Reading patient data needs an asserted care relationship (X-Patient-Relationship: active).");
        }

        if (purpose.IsEmergency)
        {
            if (caller.ProviderKind != ProviderKind.Vardgivare)
            {
                return Deny(AccessReason.EmergencyNotAllowedForProviderKind, "Emergency access (ETREAT) is only for care providers (vardgivare).");
            }

            if (!purpose.HasEmergencyReason)
            {
                return Deny(AccessReason.EmergencyReasonMissing, "Emergency access (ETREAT) needs a reason (X-Emergency-Reason).");
            }
        }

        return new AccessDecision(
            AccessEffect.Permit,
            AccessReason.RequestAllowed,
            purpose.IsEmergency ? "The request may proceed under emergency access." : "The request may proceed.",
            MayNameProvider: purpose.IsEmergency);
    }

    /// <summary>Whether the caller may see one item of the patient's data now.</summary>
    public static AccessDecision Decide(AccessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        var check = CheckRequest(request.Caller, request.Purpose);
        if (!check.IsPermitted)
        {
            return check;
        }

        // After CheckRequest an ETREAT purpose is a valid emergency: a vårdgivare with a reason.
        var emergency = request.Purpose.IsEmergency;
        var caller = request.Caller;
        var item = request.Item;
        // Most patients have no directives at all; skip the query pipeline for them (it runs once per item).
        List<ConsentDirective> inForce = request.Directives.Count == 0
            ? []
            : request.Directives
                .Where(d => d.Patient == request.Patient && d.IsInForce(request.Now))
                .OrderBy(d => d.RecordedAt)
                .ThenBy(d => d.Id, StringComparer.Ordinal)
                .ToList();

        if (item.CareProvider == caller.CareProvider)
        {
            if (item.CareUnit == caller.CareUnit)
            {
                return Permit(AccessReason.OwnCareUnit, "The item was documented at the caller's own care unit.", emergency);
            }

            // Inre spärr: only unit blocks matter inside the provider; a provider block is against other providers.
            var unitBlocks = inForce.OfType<PatientBlock>()
                .Where(b => b.Custodian.Kind == CustodianKind.CareUnit && b.Covers(item));
            return ApplyBlocks(
                unitBlocks,
                inForce,
                request,
                Permit(AccessReason.OwnCareProvider, "The item is held by the caller's own care provider.", emergency),
                emergencyOpens: emergency,
                AccessReason.BlockedWithinProvider);
        }

        var consents = inForce.OfType<PatientConsent>().Where(c => c.Reader.Matches(caller));
        if (item.Kind == DataItemKind.SocialCareReference)
        {
            // Rule 5: only a consent that covers SoL references; nödåtkomst opens neither them nor a block over them.
            var covering = consents.FirstOrDefault(c => c.CoversSocialCare);
            return covering is null
                ? Deny(
                    AccessReason.SocialCareNotCovered,
                    "A reference to social services documentation is readable only with a consent that covers it.",
                    mayNameProvider: emergency)
                : ApplyBlocks(
                    CoveringBlocks(inForce, item),
                    inForce,
                    request,
                    Permit(AccessReason.Consent, "The patient's consent covers this item.", emergency, covering.Id),
                    emergencyOpens: false,
                    AccessReason.BlockedAcrossProviders);
        }

        // Rule 3: consent valid now for the reader, else nödåtkomst; rule 4: blocks, opened by a lift or nödåtkomst.
        var consent = consents.FirstOrDefault();
        AccessDecision basis;
        if (consent is not null)
        {
            basis = Permit(AccessReason.Consent, "The patient's consent covers this item.", emergency, consent.Id);
        }
        else if (emergency)
        {
            basis = Permit(AccessReason.Emergency, "Readable under emergency access, without consent.", emergency) with { IsEmergencyAccess = true };
        }
        else
        {
            return Deny(AccessReason.NoValidConsent, "Another care provider's information needs the patient's consent, valid now, or emergency access.");
        }

        return ApplyBlocks(CoveringBlocks(inForce, item), inForce, request, basis, emergencyOpens: emergency, AccessReason.BlockedAcrossProviders);
    }

    private static IEnumerable<PatientBlock> CoveringBlocks(IEnumerable<ConsentDirective> inForce, DataItem item) =>
        inForce.OfType<PatientBlock>().Where(b => b.Covers(item));

    private static AccessDecision ApplyBlocks(
        IEnumerable<PatientBlock> covering,
        IReadOnlyList<ConsentDirective> inForce,
        AccessRequest request,
        AccessDecision basis,
        bool emergencyOpens,
        AccessReason blockedReason)
    {
        var lifts = inForce.OfType<BlockLift>().ToList();
        string? liftId = null;
        foreach (var block in covering)
        {
            var lift = lifts.FirstOrDefault(l => l.Opens(block, request.Item, request.Caller));
            if (lift is not null)
            {
                liftId ??= lift.Id;
                continue;
            }

            if (emergencyOpens)
            {
                return Permit(AccessReason.EmergencyOpenedBlock, "Blocked by the patient; opened under emergency access.", emergency: true, block.Id)
                    with { IsEmergencyAccess = true };
            }

            return Deny(
                blockedReason,
                "The patient has blocked this information.",
                mayNameProvider: request.Purpose.IsEmergency,
                hiddenByBlock: true,
                directiveId: block.Id);
        }

        return liftId is null
            ? basis
            : Permit(AccessReason.BlockLifted, "Blocked by the patient; the block is lifted for this reader.", basis.MayNameProvider, liftId)
                with { IsEmergencyAccess = basis.IsEmergencyAccess };
    }

    private static AccessDecision Permit(AccessReason reason, string explanation, bool emergency, string? directiveId = null) =>
        new(AccessEffect.Permit, reason, explanation, MayNameProvider: emergency, DirectiveId: directiveId);

    private static AccessDecision Deny(
        AccessReason reason,
        string explanation,
        bool mayNameProvider = false,
        bool hiddenByBlock = false,
        string? directiveId = null) =>
        new(AccessEffect.Deny, reason, explanation, hiddenByBlock, mayNameProvider, DirectiveId: directiveId);
}
