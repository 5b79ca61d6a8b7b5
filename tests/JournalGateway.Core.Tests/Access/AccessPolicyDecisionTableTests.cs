using JournalGateway.Core.Access;
using JournalGateway.Core.Identifiers;
using static JournalGateway.Core.Tests.Access.AccessScenario;

namespace JournalGateway.Core.Tests.Access;

/// <summary>DESIGN section 6 as a decision table: one row per rule and edge, each named for what it shows.</summary>
public sealed class AccessPolicyDecisionTableTests
{
    private static readonly Dictionary<string, (AccessRequest Request, Expect Expected)> Table = BuildTable();

    public static TheoryData<string> Rows()
    {
        var rows = new TheoryData<string>();
        foreach (var name in Table.Keys)
        {
            rows.Add(name);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decide_FollowsTheDecisionTable(string row)
    {
        var (request, expected) = Table[row];

        var decision = AccessPolicy.Decide(request);

        Assert.Equal(expected, new Expect(decision.Effect, decision.Reason, decision.HiddenByBlock, decision.MayNameProvider, decision.IsEmergencyAccess));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decide_ExplanationNamesNoPatientProviderOrUser(string row)
    {
        var decision = AccessPolicy.Decide(Table[row].Request);

        Assert.False(string.IsNullOrWhiteSpace(decision.Explanation));
        Assert.DoesNotContain(Patient.Value, decision.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("SE2", decision.Explanation, StringComparison.Ordinal);
    }

    private static Dictionary<string, (AccessRequest, Expect)> BuildTable()
    {
        var lastMonth = new TimePeriod(Now.AddDays(-30), Now.AddDays(150));
        var t = new Dictionary<string, (AccessRequest, Expect)>();
        void Row(string name, AccessRequest request, Expect expected) => t.Add(name, (request, expected));

        // Own provider: rules 1-2 plus inre spärr between units.
        Row("own unit, relationship asserted: permit",
            Request(item: RegionNote(RegionAkuten)),
            Permit(AccessReason.OwnCareUnit));
        Row("own provider without relationship header: deny",
            Request(caller: RegionReader with { RelationshipAsserted = false }, item: RegionNote(RegionAkuten)),
            Deny(AccessReason.RelationshipNotAsserted));
        Row("own provider, other unit, no block: permit",
            Request(item: RegionNote(RegionMedicin)),
            Permit(AccessReason.OwnCareProvider));
        Row("own provider, other unit under inre spärr: deny, hidden by block",
            Request(item: RegionNote(RegionMedicin), directives: [Block(CustodianKind.CareUnit, RegionMedicin)]),
            Deny(AccessReason.BlockedWithinProvider, hidden: true));
        Row("own provider, same unit as the inre spärr: permit",
            Request(caller: RegionReader with { CareUnit = RegionMedicin }, item: RegionNote(RegionMedicin), directives: [Block(CustodianKind.CareUnit, RegionMedicin)]),
            Permit(AccessReason.OwnCareUnit));
        Row("own provider, inre spärr lifted for the reading user: permit",
            Request(item: RegionNote(RegionMedicin), directives: [
                Block(CustodianKind.CareUnit, RegionMedicin),
                Lift(ReaderKind.User, RegionUser, CustodianKind.CareUnit, RegionMedicin)]),
            Permit(AccessReason.BlockLifted));
        Row("own provider, inre spärr lifted for another user: deny, hidden by block",
            Request(item: RegionNote(RegionMedicin), directives: [
                Block(CustodianKind.CareUnit, RegionMedicin),
                Lift(ReaderKind.User, new HsaId("SE2321000172-P999"), CustodianKind.CareUnit, RegionMedicin)]),
            Deny(AccessReason.BlockedWithinProvider, hidden: true));
        Row("own provider, inre spärr opened by emergency: permit, flagged",
            Request(purpose: AccessPurpose.Emergency("Medvetslös"), item: RegionNote(RegionMedicin), directives: [Block(CustodianKind.CareUnit, RegionMedicin)]),
            Permit(AccessReason.EmergencyOpenedBlock, mayName: true, emergency: true));
        Row("own provider, a block naming the own provider (yttre) does not apply inside it: permit",
            Request(item: RegionNote(RegionMedicin), directives: [Block(CustodianKind.CareProvider, Region)]),
            Permit(AccessReason.OwnCareProvider));

        // Another provider: rule 3, consent or emergency.
        Row("another provider without consent: deny",
            Request(),
            Deny(AccessReason.NoValidConsent));
        Row("another provider without relationship header, even with consent: deny",
            Request(caller: RegionReader with { RelationshipAsserted = false }, directives: [Consent(ReaderKind.CareProvider, Region)]),
            Deny(AccessReason.RelationshipNotAsserted));
        Row("consent for the reading provider: permit",
            Request(directives: [Consent(ReaderKind.CareProvider, Region)]),
            Permit(AccessReason.Consent));
        Row("consent for the reading unit: permit",
            Request(directives: [Consent(ReaderKind.CareUnit, RegionAkuten)]),
            Permit(AccessReason.Consent));
        Row("consent for the reading user: permit",
            Request(directives: [Consent(ReaderKind.User, RegionUser)]),
            Permit(AccessReason.Consent));
        Row("consent for another unit of the reading provider: deny",
            Request(directives: [Consent(ReaderKind.CareUnit, RegionMedicin)]),
            Deny(AccessReason.NoValidConsent));
        Row("consent for another provider: deny",
            Request(directives: [Consent(ReaderKind.CareProvider, Sala)]),
            Deny(AccessReason.NoValidConsent));
        Row("expired consent: deny",
            Request(directives: [Consent(ReaderKind.CareProvider, Region, new TimePeriod(Now.AddDays(-200), Now.AddDays(-1)))]),
            Deny(AccessReason.NoValidConsent));
        Row("consent ending exactly now (end is exclusive): deny",
            Request(directives: [Consent(ReaderKind.CareProvider, Region, new TimePeriod(Now.AddDays(-200), Now))]),
            Deny(AccessReason.NoValidConsent));
        Row("consent not yet valid: deny",
            Request(directives: [Consent(ReaderKind.CareProvider, Region, new TimePeriod(Now.AddDays(1), Now.AddDays(180)))]),
            Deny(AccessReason.NoValidConsent));
        Row("inactive (withdrawn) consent: deny",
            Request(directives: [Consent(ReaderKind.CareProvider, Region) with { Status = ConsentStatus.Inactive }]),
            Deny(AccessReason.NoValidConsent));
        Row("consent given by another patient: deny",
            Request(directives: [Consent(ReaderKind.CareProvider, Region) with { Patient = OtherPatient }]),
            Deny(AccessReason.NoValidConsent));
        Row("omsorgsgivare with consent reads a vårdgivare's note: permit",
            Request(caller: CareGiverReader, item: RegionNote(RegionAkuten), directives: [Consent(ReaderKind.CareProvider, VasterasOmsorg)]),
            Permit(AccessReason.Consent));

        // Rule 3, nödåtkomst.
        Row("emergency by a vårdgivare with a reason, no consent: permit, provider may be named",
            Request(purpose: AccessPurpose.Emergency("Medvetslös, inkommer med ambulans")),
            Permit(AccessReason.Emergency, mayName: true, emergency: true));
        Row("emergency with a valid consent as well: permit by consent, not emergency access",
            Request(purpose: AccessPurpose.Emergency("Medvetslös"), directives: [Consent(ReaderKind.CareProvider, Region)]),
            Permit(AccessReason.Consent, mayName: true));
        Row("emergency without a reason: deny",
            Request(purpose: AccessPurpose.Emergency(null)),
            Deny(AccessReason.EmergencyReasonMissing));
        Row("emergency with a blank reason: deny",
            Request(purpose: AccessPurpose.Emergency("  ")),
            Deny(AccessReason.EmergencyReasonMissing));
        Row("omsorgsgivare asking for emergency: deny",
            Request(caller: CareGiverReader, purpose: AccessPurpose.Emergency("Akut försämring"), item: RegionNote(RegionAkuten)),
            Deny(AccessReason.EmergencyNotAllowedForProviderKind));
        Row("omsorgsgivare asking for emergency, even on its own data: deny",
            Request(caller: CareGiverReader, purpose: AccessPurpose.Emergency("Akut försämring"), item: SolReference()),
            Deny(AccessReason.EmergencyNotAllowedForProviderKind));

        // Rule 4: yttre spärr.
        Row("yttre spärr on the data's provider, with consent: deny, hidden by block, provider not named",
            Request(directives: [Consent(ReaderKind.CareProvider, Region), Block(CustodianKind.CareProvider, Vasteras)]),
            Deny(AccessReason.BlockedAcrossProviders, hidden: true));
        Row("block on the data's unit also hides it from other providers: deny, hidden by block",
            Request(directives: [Consent(ReaderKind.CareProvider, Region), Block(CustodianKind.CareUnit, VasterasHemsjukvard)]),
            Deny(AccessReason.BlockedAcrossProviders, hidden: true));
        Row("yttre spärr on a provider other than the data's: permit with consent",
            Request(directives: [Consent(ReaderKind.CareProvider, Region), Block(CustodianKind.CareProvider, Sala)]),
            Permit(AccessReason.Consent));
        Row("yttre spärr temporarily lifted for the reading user: permit",
            Request(directives: [
                Consent(ReaderKind.CareProvider, Region),
                Block(CustodianKind.CareProvider, Vasteras),
                Lift(ReaderKind.User, RegionUser, CustodianKind.CareProvider, Vasteras)]),
            Permit(AccessReason.BlockLifted));
        Row("yttre spärr temporarily lifted for the reading unit: permit",
            Request(directives: [
                Consent(ReaderKind.CareProvider, Region),
                Block(CustodianKind.CareProvider, Vasteras),
                Lift(ReaderKind.CareUnit, RegionAkuten, CustodianKind.CareProvider, Vasteras)]),
            Permit(AccessReason.BlockLifted));
        Row("provider-level lift also opens a block on one of its units: permit",
            Request(directives: [
                Consent(ReaderKind.CareProvider, Region),
                Block(CustodianKind.CareUnit, VasterasHemsjukvard),
                Lift(ReaderKind.User, RegionUser, CustodianKind.CareProvider, Vasteras)]),
            Permit(AccessReason.BlockLifted));
        Row("yttre spärr lifted for a different reader: deny, hidden by block",
            Request(directives: [
                Consent(ReaderKind.CareProvider, Region),
                Block(CustodianKind.CareProvider, Vasteras),
                Lift(ReaderKind.User, new HsaId("SE2321000172-P999"), CustodianKind.CareProvider, Vasteras)]),
            Deny(AccessReason.BlockedAcrossProviders, hidden: true));
        Row("lift naming another custodian than the blocked one: deny, hidden by block",
            Request(directives: [
                Consent(ReaderKind.CareProvider, Region),
                Block(CustodianKind.CareProvider, Vasteras),
                Lift(ReaderKind.User, RegionUser, CustodianKind.CareProvider, Sala)]),
            Deny(AccessReason.BlockedAcrossProviders, hidden: true));
        Row("expired lift: deny, hidden by block",
            Request(directives: [
                Consent(ReaderKind.CareProvider, Region),
                Block(CustodianKind.CareProvider, Vasteras),
                Lift(ReaderKind.User, RegionUser, CustodianKind.CareProvider, Vasteras, new TimePeriod(Now.AddHours(-3), Now.AddHours(-1)))]),
            Deny(AccessReason.BlockedAcrossProviders, hidden: true));
        Row("lift without consent does not stand in for consent: deny",
            Request(directives: [
                Block(CustodianKind.CareProvider, Vasteras),
                Lift(ReaderKind.User, RegionUser, CustodianKind.CareProvider, Vasteras)]),
            Deny(AccessReason.NoValidConsent));
        Row("block that starts in the future, with consent: permit",
            Request(directives: [Consent(ReaderKind.CareProvider, Region), Block(CustodianKind.CareProvider, Vasteras, new TimePeriod(Now.AddDays(2)))]),
            Permit(AccessReason.Consent));
        Row("block that has ended, with consent: permit",
            Request(directives: [Consent(ReaderKind.CareProvider, Region), Block(CustodianKind.CareProvider, Vasteras, new TimePeriod(Now.AddDays(-20), Now.AddDays(-2)))]),
            Permit(AccessReason.Consent));
        Row("inactive (withdrawn) block, with consent: permit",
            Request(directives: [Consent(ReaderKind.CareProvider, Region), Block(CustodianKind.CareProvider, Vasteras) with { Status = ConsentStatus.Inactive }]),
            Permit(AccessReason.Consent));
        Row("block limited by data period, data inside it: deny, hidden by block",
            Request(directives: [Consent(ReaderKind.CareProvider, Region), Block(CustodianKind.CareProvider, Vasteras, dataPeriod: lastMonth)]),
            Deny(AccessReason.BlockedAcrossProviders, hidden: true));
        Row("block limited by data period, data outside it: permit",
            Request(item: VasterasNote(Now.AddDays(-400)), directives: [Consent(ReaderKind.CareProvider, Region), Block(CustodianKind.CareProvider, Vasteras, dataPeriod: lastMonth)]),
            Permit(AccessReason.Consent));
        Row("emergency opens a yttre spärr: permit, provider may be named, flagged",
            Request(purpose: AccessPurpose.Emergency("Medvetslös"), directives: [Block(CustodianKind.CareProvider, Vasteras)]),
            Permit(AccessReason.EmergencyOpenedBlock, mayName: true, emergency: true));

        // Rule 5: SoL references.
        Row("SoL reference with emergency only: deny, provider may be named",
            Request(purpose: AccessPurpose.Emergency("Medvetslös"), item: SolReference()),
            Deny(AccessReason.SocialCareNotCovered, mayName: true));
        Row("SoL reference with a consent that does not cover social care: deny",
            Request(item: SolReference(), directives: [Consent(ReaderKind.CareProvider, Region)]),
            Deny(AccessReason.SocialCareNotCovered));
        Row("SoL reference with a consent covering social care: permit",
            Request(item: SolReference(), directives: [Consent(ReaderKind.CareProvider, Region, coversSocialCare: true)]),
            Permit(AccessReason.Consent));
        Row("SoL reference with a covering consent that has expired: deny",
            Request(item: SolReference(), directives: [Consent(ReaderKind.CareProvider, Region, new TimePeriod(Now.AddDays(-90), Now.AddDays(-1)), coversSocialCare: true)]),
            Deny(AccessReason.SocialCareNotCovered));
        Row("SoL reference under yttre spärr, covering consent and emergency: deny, hidden by block",
            Request(purpose: AccessPurpose.Emergency("Medvetslös"), item: SolReference(), directives: [
                Consent(ReaderKind.CareProvider, Region, coversSocialCare: true),
                Block(CustodianKind.CareProvider, VasterasOmsorg)]),
            Deny(AccessReason.BlockedAcrossProviders, hidden: true, mayName: true));
        Row("SoL reference read by its own omsorgsgivare: permit",
            Request(caller: CareGiverReader, item: SolReference()),
            Permit(AccessReason.OwnCareUnit));
        Row("municipal HSL provider reading its own municipality's SoL reference without consent: deny (two providers)",
            Request(caller: VasterasReader, item: SolReference()),
            Deny(AccessReason.SocialCareNotCovered));

        return t;
    }
}
