using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Core.Identifiers;

namespace JournalGateway.Storage.Tests.Support;

/// <summary>Directives and access log entries for the storage tests, with Inera's public test identities only.</summary>
internal static class TestAccess
{
    public static readonly DateTimeOffset T0 = TestNotes.T0;
    public static readonly PatientIdentifier PatientA = TestNotes.PatientA;
    public static readonly PatientIdentifier PatientB = TestNotes.PatientB;

    public static readonly HsaId Provider = new("SE2321000131-E000000000001");
    public static readonly HsaId Unit = new("SE2321000131-E000000000011");
    public static readonly HsaId User = new("SE2321000131-P000000000111");
    public static readonly HsaId OtherProvider = new("SE2120002080-0001");
    public static readonly HsaId OtherUnit = new("SE2120002080-E001");

    public static PatientConsent Consent(PatientIdentifier? patient = null, DateTimeOffset? recordedAt = null, string? id = null) => new()
    {
        Id = id ?? $"consent-{Guid.NewGuid():N}",
        Patient = patient ?? PatientA,
        RecordedAt = recordedAt ?? T0,
        RecordedBy = User,
        Validity = new TimePeriod(T0, T0.AddYears(1)),
        Reader = new ConsentReader(ReaderKind.CareProvider, Provider),
        CoversSocialCare = true,
    };

    public static PatientBlock Block(PatientIdentifier? patient = null, DateTimeOffset? recordedAt = null) => new()
    {
        Id = $"block-{Guid.NewGuid():N}",
        Patient = patient ?? PatientA,
        RecordedAt = recordedAt ?? T0,
        Custodian = new BlockedCustodian(CustodianKind.CareUnit, OtherUnit),
        DataPeriod = new TimePeriod(null, T0.AddMonths(-1)),
    };

    public static BlockLift Lift(PatientIdentifier? patient = null, DateTimeOffset? recordedAt = null) => new()
    {
        Id = $"lift-{Guid.NewGuid():N}",
        Patient = patient ?? PatientA,
        RecordedAt = recordedAt ?? T0,
        RecordedBy = User,
        Validity = new TimePeriod(T0, T0.AddHours(4)),
        Reader = new ConsentReader(ReaderKind.User, User),
        Custodian = new BlockedCustodian(CustodianKind.CareProvider, OtherProvider),
    };

    public static AccessLogEntry Entry(
        DateTimeOffset? time = null,
        PatientIdentifier? patient = null,
        PurposeOfUse purpose = PurposeOfUse.Treat,
        string? userName = "Ann-Marie Lindqvist") => new()
    {
        Time = time ?? T0,
        Action = AccessAction.Search,
        Outcome = AccessLogOutcome.Partial,
        User = User,
        UserName = userName,
        CareUnit = Unit,
        CareProvider = Provider,
        ProviderKind = ProviderKind.Vardgivare,
        Patient = patient ?? PatientA,
        Purpose = purpose,
        EmergencyReason = purpose == PurposeOfUse.EmergencyTreat ? "Medvetslös vid ankomst | oklar anamnes\nring anhörig" : null,
        Returned = ["Composition/123/_history/2", "DocumentReference/sol-9"],
        WithheldCount = 1,
        Reasons = [AccessReason.Consent, AccessReason.BlockedAcrossProviders],
    };
}
