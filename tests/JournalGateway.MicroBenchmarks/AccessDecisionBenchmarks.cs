using BenchmarkDotNet.Attributes;
using JournalGateway.Core.Access;
using JournalGateway.Core.Identifiers;

namespace JournalGateway.MicroBenchmarks;

/// <summary>
/// <see cref="AccessPolicy.Decide"/> for one note, as a search calls it once per note. The patient has a realistic set
/// of directives (a consent, an outer and an inner block, a lift, and withdrawn or expired ones, plus another
/// patient's); the baseline is the cheapest case, a note of the reader's own care unit. Identities are the public
/// test identities of DESIGN section 10.
/// </summary>
[MemoryDiagnoser]
public class AccessDecisionBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 14, 0, 0, TimeSpan.FromHours(1));
    private static readonly PatientIdentifier Patient = new(PatientIdentifierKind.Personnummer, "195009072553");
    private static readonly PatientIdentifier OtherPatient = new(PatientIdentifierKind.Personnummer, "196101182803");

    // The reader: a nurse in Västerås stad's home health care.
    private static readonly HsaId Municipality = new("SE2120002080-0001");
    private static readonly HsaId HomeCare = new("SE2120002080-E001");
    private static readonly HsaId OtherMunicipalUnit = new("SE2120002080-E002");
    private static readonly HsaId Nurse = new("SE2120002080-P001");

    // The region: its emergency department holds the other notes.
    private static readonly HsaId Region = new("SE2321000172-0001");
    private static readonly HsaId Emergency = new("SE2321000172-E100");
    private static readonly HsaId Psychiatry = new("SE2321000172-E200");

    private static readonly AccessCaller Caller = new(Nurse, HomeCare, Municipality, ProviderKind.Vardgivare, RelationshipAsserted: true);

    private AccessRequest _ownUnit = null!;
    private AccessRequest _ownProviderOtherUnit = null!;
    private AccessRequest _otherProviderConsent = null!;
    private AccessRequest _otherProviderBlockedLifted = null!;
    private AccessRequest _otherProviderNoConsentEmergency = null!;

    [GlobalSetup]
    public void Setup()
    {
        var year = new TimePeriod(Now.AddMonths(-6), Now.AddMonths(6));
        IReadOnlyCollection<ConsentDirective> directives =
        [
            new PatientConsent { Id = "c1", Patient = Patient, RecordedAt = Now.AddMonths(-6), Validity = year, Reader = new ConsentReader(ReaderKind.CareProvider, Municipality) },
            new PatientConsent { Id = "c0", Patient = Patient, RecordedAt = Now.AddYears(-2), Status = ConsentStatus.Inactive, Reader = new ConsentReader(ReaderKind.CareProvider, Municipality) },
            new PatientConsent { Id = "c-expired", Patient = Patient, RecordedAt = Now.AddYears(-3), Validity = new TimePeriod(Now.AddYears(-3), Now.AddYears(-2)), Reader = new ConsentReader(ReaderKind.User, Nurse) },
            new PatientBlock { Id = "b-psychiatry", Patient = Patient, RecordedAt = Now.AddMonths(-3), Custodian = new BlockedCustodian(CustodianKind.CareUnit, Psychiatry) },
            new PatientBlock { Id = "b-inner", Patient = Patient, RecordedAt = Now.AddMonths(-2), Custodian = new BlockedCustodian(CustodianKind.CareUnit, OtherMunicipalUnit), DataPeriod = new TimePeriod(null, Now.AddYears(-1)) },
            new BlockLift { Id = "l1", Patient = Patient, RecordedAt = Now.AddHours(-1), Validity = new TimePeriod(Now.AddHours(-1), Now.AddHours(3)), Reader = new ConsentReader(ReaderKind.User, Nurse), Custodian = new BlockedCustodian(CustodianKind.CareUnit, Psychiatry) },
            new PatientConsent { Id = "c-other", Patient = OtherPatient, RecordedAt = Now.AddMonths(-1), Reader = new ConsentReader(ReaderKind.CareProvider, Municipality) },
        ];

        AccessRequest Request(DataItem item, AccessPurpose purpose, IReadOnlyCollection<ConsentDirective> set) => new()
        {
            Caller = Caller,
            Purpose = purpose,
            Patient = Patient,
            Item = item,
            Directives = set,
            Now = Now,
        };

        var noteTime = Now.AddDays(-3);
        _ownUnit = Request(new DataItem(Municipality, HomeCare, noteTime), AccessPurpose.Treat, directives);
        _ownProviderOtherUnit = Request(new DataItem(Municipality, OtherMunicipalUnit, noteTime), AccessPurpose.Treat, directives);
        _otherProviderConsent = Request(new DataItem(Region, Emergency, noteTime), AccessPurpose.Treat, directives);
        _otherProviderBlockedLifted = Request(new DataItem(Region, Psychiatry, noteTime), AccessPurpose.Treat, directives);
        _otherProviderNoConsentEmergency = Request(
            new DataItem(Region, Emergency, noteTime),
            AccessPurpose.Emergency("Medvetslös vid ankomst"),
            [.. directives.Where(d => d is not PatientConsent)]);

        // The scenarios are meant to end as named; a changed rule should change this benchmark too.
        Expect(_ownUnit, AccessReason.OwnCareUnit);
        Expect(_ownProviderOtherUnit, AccessReason.OwnCareProvider);
        Expect(_otherProviderConsent, AccessReason.Consent);
        Expect(_otherProviderBlockedLifted, AccessReason.BlockLifted);
        Expect(_otherProviderNoConsentEmergency, AccessReason.Emergency);
    }

    [Benchmark(Baseline = true, Description = "own care unit")]
    public AccessDecision OwnUnit() => AccessPolicy.Decide(_ownUnit);

    [Benchmark(Description = "own provider, other unit (inner blocks)")]
    public AccessDecision OwnProviderOtherUnit() => AccessPolicy.Decide(_ownProviderOtherUnit);

    [Benchmark(Description = "other provider, consent")]
    public AccessDecision OtherProviderConsent() => AccessPolicy.Decide(_otherProviderConsent);

    [Benchmark(Description = "other provider, block lifted")]
    public AccessDecision OtherProviderBlockLifted() => AccessPolicy.Decide(_otherProviderBlockedLifted);

    [Benchmark(Description = "other provider, emergency (ETREAT)")]
    public AccessDecision OtherProviderEmergency() => AccessPolicy.Decide(_otherProviderNoConsentEmergency);

    private static void Expect(AccessRequest request, AccessReason reason)
    {
        var decision = AccessPolicy.Decide(request);
        if (decision.Reason != reason)
        {
            throw new InvalidOperationException($"Scenario expected {reason} but decided {decision.Reason}.");
        }
    }
}
