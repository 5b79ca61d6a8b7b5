using System.Text.Json;
using System.Text.Json.Serialization;
using JournalGateway.Core.Access;
using JournalGateway.Core.Identifiers;
using JournalGateway.Storage.Outbox;

namespace JournalGateway.Storage.Consents;

/// <summary>
/// The stored JSON form of a <see cref="ConsentDirective"/>, shared by both engines. Explicit DTOs with fixed names
/// and codes, not the domain records, so refactoring the domain cannot silently change what older rows hold. A change
/// of shape gets a new <see cref="CurrentSchemaVersion"/> (stored per row in <c>schema_version</c>) and a reader for
/// the old one.
/// </summary>
internal static class ConsentDirectiveJson
{
    public const int CurrentSchemaVersion = 1;

    public static string Serialize(ConsentDirective directive) =>
        JsonSerializer.Serialize(ConsentDocumentV1.From(directive), ConsentJsonContext.Default.ConsentDocumentV1);

    public static ConsentDirective Deserialize(string json, int schemaVersion) => schemaVersion switch
    {
        1 => (JsonSerializer.Deserialize(json, ConsentJsonContext.Default.ConsentDocumentV1)
              ?? throw new InvalidDataException("Stored directive is empty.")).ToDomain(),
        _ => throw new InvalidDataException($"Stored directive has schema version {schemaVersion}; this build reads up to {CurrentSchemaVersion}."),
    };

    public static string ToCode(DirectiveKind kind) => kind switch
    {
        DirectiveKind.Consent => "consent",
        DirectiveKind.Block => "block",
        DirectiveKind.BlockLift => "block_lift",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown directive kind."),
    };

    public static string ToCode(ConsentStatus status) => status switch
    {
        ConsentStatus.Active => "active",
        ConsentStatus.Inactive => "inactive",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown consent status."),
    };

    public static ConsentStatus ToStatus(string code) => code switch
    {
        "active" => ConsentStatus.Active,
        "inactive" => ConsentStatus.Inactive,
        _ => throw new InvalidDataException($"Unknown consent status '{code}' in a stored directive."),
    };

    /// <summary>Checks what a store needs before it writes anything.</summary>
    public static void Guard(ConsentDirective directive)
    {
        ArgumentNullException.ThrowIfNull(directive);
        ArgumentException.ThrowIfNullOrWhiteSpace(directive.Id, nameof(directive));
        ArgumentNullException.ThrowIfNull(directive.Patient, nameof(directive));
    }
}

internal sealed record ConsentPatientV1(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("value")] string Value);

internal sealed record ConsentPeriodV1(
    [property: JsonPropertyName("start")] DateTimeOffset? Start,
    [property: JsonPropertyName("end")] DateTimeOffset? End)
{
    public static ConsentPeriodV1? From(TimePeriod period) =>
        period.Start is null && period.End is null ? null : new(period.Start, period.End);

    public static TimePeriod ToDomain(ConsentPeriodV1? period) => period is null ? TimePeriod.Always : new(period.Start, period.End);
}

/// <summary>A reader (<c>care_provider</c>, <c>care_unit</c>, <c>user</c>) or a custodian (<c>care_provider</c>, <c>care_unit</c>).</summary>
internal sealed record ConsentPartyV1(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("hsaId")] string HsaId)
{
    public static ConsentPartyV1 From(ConsentReader reader) => new(
        reader.Kind switch
        {
            ReaderKind.CareProvider => "care_provider",
            ReaderKind.CareUnit => "care_unit",
            ReaderKind.User => "user",
            _ => throw new ArgumentOutOfRangeException(nameof(reader), reader.Kind, "Unknown reader kind."),
        },
        reader.HsaId.Value);

    public static ConsentPartyV1 From(BlockedCustodian custodian) => new(
        custodian.Kind switch
        {
            CustodianKind.CareProvider => "care_provider",
            CustodianKind.CareUnit => "care_unit",
            _ => throw new ArgumentOutOfRangeException(nameof(custodian), custodian.Kind, "Unknown custodian kind."),
        },
        custodian.HsaId.Value);

    public ConsentReader ToReader() => new(
        Kind switch
        {
            "care_provider" => ReaderKind.CareProvider,
            "care_unit" => ReaderKind.CareUnit,
            "user" => ReaderKind.User,
            _ => throw new InvalidDataException($"Unknown reader kind '{Kind}' in a stored directive."),
        },
        new HsaId(HsaId));

    public BlockedCustodian ToCustodian() => new(
        Kind switch
        {
            "care_provider" => CustodianKind.CareProvider,
            "care_unit" => CustodianKind.CareUnit,
            _ => throw new InvalidDataException($"Unknown custodian kind '{Kind}' in a stored directive."),
        },
        new HsaId(HsaId));
}

internal sealed record ConsentDocumentV1(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("patient")] ConsentPatientV1 Patient,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("validity")] ConsentPeriodV1? Validity,
    [property: JsonPropertyName("recordedAt")] DateTimeOffset RecordedAt,
    [property: JsonPropertyName("recordedBy")] string? RecordedBy,
    [property: JsonPropertyName("reader")] ConsentPartyV1? Reader,
    [property: JsonPropertyName("custodian")] ConsentPartyV1? Custodian,
    [property: JsonPropertyName("coversSocialCare")] bool CoversSocialCare,
    [property: JsonPropertyName("dataPeriod")] ConsentPeriodV1? DataPeriod)
{
    public static ConsentDocumentV1 From(ConsentDirective directive)
    {
        var (reader, custodian, social, dataPeriod) = directive switch
        {
            PatientConsent c => (ConsentPartyV1.From(c.Reader), (ConsentPartyV1?)null, c.CoversSocialCare, (ConsentPeriodV1?)null),
            PatientBlock b => (null, ConsentPartyV1.From(b.Custodian), false, ConsentPeriodV1.From(b.DataPeriod)),
            BlockLift l => (ConsentPartyV1.From(l.Reader), ConsentPartyV1.From(l.Custodian), false, null),
            _ => throw new ArgumentOutOfRangeException(nameof(directive), directive.GetType().Name, "Unknown directive type."),
        };
        return new(
            ConsentDirectiveJson.ToCode(directive.Kind),
            directive.Id,
            new ConsentPatientV1(OutboxCodes.ToCode(directive.Patient.Kind), directive.Patient.Value),
            ConsentDirectiveJson.ToCode(directive.Status),
            ConsentPeriodV1.From(directive.Validity),
            directive.RecordedAt,
            directive.RecordedBy?.Value,
            reader,
            custodian,
            social,
            dataPeriod);
    }

    public ConsentDirective ToDomain()
    {
        var patient = new PatientIdentifier(OutboxCodes.ToPatientKind(Patient.Kind), Patient.Value);
        var status = ConsentDirectiveJson.ToStatus(Status);
        var validity = ConsentPeriodV1.ToDomain(Validity);
        HsaId? recordedBy = RecordedBy is null ? null : new HsaId(RecordedBy);
        return Kind switch
        {
            "consent" => new PatientConsent
            {
                Id = Id, Patient = patient, Status = status, Validity = validity, RecordedAt = RecordedAt, RecordedBy = recordedBy,
                Reader = Required(Reader, "reader").ToReader(),
                CoversSocialCare = CoversSocialCare,
            },
            "block" => new PatientBlock
            {
                Id = Id, Patient = patient, Status = status, Validity = validity, RecordedAt = RecordedAt, RecordedBy = recordedBy,
                Custodian = Required(Custodian, "custodian").ToCustodian(),
                DataPeriod = ConsentPeriodV1.ToDomain(DataPeriod),
            },
            "block_lift" => new BlockLift
            {
                Id = Id, Patient = patient, Status = status, Validity = validity, RecordedAt = RecordedAt, RecordedBy = recordedBy,
                Reader = Required(Reader, "reader").ToReader(),
                Custodian = Required(Custodian, "custodian").ToCustodian(),
            },
            _ => throw new InvalidDataException($"Unknown directive kind '{Kind}' in a stored directive."),
        };
    }

    private static ConsentPartyV1 Required(ConsentPartyV1? party, string name) =>
        party ?? throw new InvalidDataException($"A stored directive lacks its {name}.");
}

// Source-generated: no reflection at run time, and the contract is visible in one place.
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(ConsentDocumentV1))]
internal sealed partial class ConsentJsonContext : JsonSerializerContext;
