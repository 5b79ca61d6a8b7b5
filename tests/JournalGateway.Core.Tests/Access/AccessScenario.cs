using JournalGateway.Core.Access;
using JournalGateway.Core.Identifiers;

namespace JournalGateway.Core.Tests.Access;

/// <summary>The development county (DESIGN section 10), one patient, and builders for requests and directives.</summary>
internal static class AccessScenario
{
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(1));

    public static readonly PatientIdentifier Patient = new(PatientIdentifierKind.Personnummer, "195009072553");
    public static readonly PatientIdentifier OtherPatient = new(PatientIdentifierKind.Personnummer, "196101182803");

    public static readonly HsaId Region = new("SE2321000172-0001");
    public static readonly HsaId RegionAkuten = new("SE2321000172-E100");
    public static readonly HsaId RegionMedicin = new("SE2321000172-E200");
    public static readonly HsaId RegionUser = new("SE2321000172-P001");

    public static readonly HsaId Vasteras = new("SE2120002080-0001");
    public static readonly HsaId VasterasHemsjukvard = new("SE2120002080-E001");
    public static readonly HsaId VasterasOmsorg = new("SE2120002080-OG01");
    public static readonly HsaId VasterasHemtjanst = new("SE2120002080-E900");

    public static readonly HsaId Sala = new("SE2120001330-0001");

    /// <summary>A nurse at Akutmottagningen Västerås (Region Västmanland), relationship asserted.</summary>
    public static readonly AccessCaller RegionReader = new(RegionUser, RegionAkuten, Region, ProviderKind.Vardgivare, RelationshipAsserted: true);

    /// <summary>A member of staff at Hemtjänsten (Västerås stad, vård och omsorg), relationship asserted.</summary>
    public static readonly AccessCaller CareGiverReader = new(new HsaId("SE2120002080-P900"), VasterasHemtjanst, VasterasOmsorg, ProviderKind.Omsorgsgivare, RelationshipAsserted: true);

    /// <summary>A nurse at Hemsjukvården (Västerås stad, HSL), relationship asserted.</summary>
    public static readonly AccessCaller VasterasReader = new(new HsaId("SE2120002080-P001"), VasterasHemsjukvard, Vasteras, ProviderKind.Vardgivare, RelationshipAsserted: true);

    private static int counter;

    public static DataItem VasterasNote(DateTimeOffset? time = null) => new(Vasteras, VasterasHemsjukvard, time ?? Now.AddDays(-10));

    public static DataItem RegionNote(HsaId unit) => new(Region, unit, Now.AddDays(-10));

    public static DataItem SolReference() => new(VasterasOmsorg, VasterasHemtjanst, Now.AddDays(-10), DataItemKind.SocialCareReference);

    public static AccessRequest Request(
        AccessCaller? caller = null,
        AccessPurpose? purpose = null,
        DataItem? item = null,
        ConsentDirective[]? directives = null) => new()
        {
            Caller = caller ?? RegionReader,
            Purpose = purpose ?? AccessPurpose.Treat,
            Patient = Patient,
            Item = item ?? VasterasNote(),
            Directives = directives ?? [],
            Now = Now,
        };

    public static PatientConsent Consent(ReaderKind kind, HsaId reader, TimePeriod? validity = null, bool coversSocialCare = false) => new()
    {
        Id = NextId("consent"),
        Patient = Patient,
        RecordedAt = Now.AddDays(-40),
        Validity = validity ?? new TimePeriod(Now.AddDays(-40), Now.AddDays(140)),
        Reader = new ConsentReader(kind, reader),
        CoversSocialCare = coversSocialCare,
    };

    public static PatientBlock Block(CustodianKind kind, HsaId custodian, TimePeriod? validity = null, TimePeriod? dataPeriod = null) => new()
    {
        Id = NextId("block"),
        Patient = Patient,
        RecordedAt = Now.AddDays(-20),
        Validity = validity ?? new TimePeriod(Now.AddDays(-20)),
        Custodian = new BlockedCustodian(kind, custodian),
        DataPeriod = dataPeriod ?? TimePeriod.Always,
    };

    public static BlockLift Lift(ReaderKind readerKind, HsaId reader, CustodianKind custodianKind, HsaId custodian, TimePeriod? validity = null) => new()
    {
        Id = NextId("lift"),
        Patient = Patient,
        RecordedAt = Now.AddMinutes(-5),
        Validity = validity ?? new TimePeriod(Now.AddMinutes(-5), Now.AddHours(4)),
        Reader = new ConsentReader(readerKind, reader),
        Custodian = new BlockedCustodian(custodianKind, custodian),
    };

    public static Expect Permit(AccessReason reason, bool mayName = false, bool emergency = false) =>
        new(AccessEffect.Permit, reason, false, mayName, emergency);

    public static Expect Deny(AccessReason reason, bool hidden = false, bool mayName = false) =>
        new(AccessEffect.Deny, reason, hidden, mayName, false);

    private static string NextId(string prefix) => $"{prefix}-{Interlocked.Increment(ref counter)}";
}

/// <summary>What a row of the decision table expects.</summary>
internal sealed record Expect(AccessEffect Effect, AccessReason Reason, bool HiddenByBlock, bool MayNameProvider, bool IsEmergencyAccess);
