using System.Globalization;
using Hl7.Fhir.Model;
using JournalGateway.Access;
using JournalGateway.Core.Access;
using JournalGateway.Core.Identifiers;
using JournalGateway.Errors;
using JournalGateway.Fhir;
using JournalGateway.Fhir.Mapping;

namespace JournalGateway.Consents;

/// <summary>
/// FHIR Consent (DESIGN section 6) to and from the domain's samtycke, spärr and temporary lift:
/// a permit naming the reader (role IRCP), a deny naming the blocked custodian (role CST), and a permit whose nested
/// provision names the blocked custodian it lifts for the reader. A samtycke covers SoL/LSS references only when its
/// <c>provision.code</c> names that documentation basis (SoL or LSS).
/// </summary>
public static class ConsentMapping
{
    public const string ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    public const string ConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope";
    private const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    public static ConsentDirective ToDirective(Consent consent, string id, HsaId recordedBy, DateTimeOffset now, CareProviderDirectory directory)
    {
        if (consent.Status != Consent.ConsentState.Active)
        {
            throw FhirProblem.Invalid("A new consent or block is registered with status active.", "Consent.status");
        }

        if (consent.Scope?.Coding.Any(c => c.System == ConsentScope && c.Code == "patient-privacy") != true)
        {
            throw FhirProblem.Invalid("Consent.scope must be patient-privacy.", "Consent.scope");
        }

        var identifier = consent.Patient?.Identifier
            ?? throw FhirProblem.Invalid("Consent.patient must name the patient by identifier.", "Consent.patient.identifier");
        var patient = NoteMapping.ToPatientIdentifier(identifier.System, identifier.Value, "Consent.patient.identifier");
        var provision = consent.Provision ?? throw FhirProblem.Invalid("Consent.provision is required.", "Consent.provision");
        var validity = PeriodOf(provision.Period, "Consent.provision.period");

        switch (provision.Type)
        {
            case Consent.ConsentProvisionType.Deny:
                return new PatientBlock
                {
                    Id = id,
                    Patient = patient,
                    Validity = validity,
                    RecordedAt = now,
                    RecordedBy = recordedBy,
                    Custodian = Custodian(ActorWithRole(provision, "CST", "Consent.provision.actor"), directory),
                    DataPeriod = PeriodOf(provision.DataPeriod, "Consent.provision.dataPeriod"),
                };
            case Consent.ConsentProvisionType.Permit:
                var reader = Reader(ActorWithRole(provision, "IRCP", "Consent.provision.actor"), directory);
                var lifted = provision.Provision.SelectMany(p => p.Actor).FirstOrDefault(a => HasRole(a, "CST"));
                if (lifted is not null)
                {
                    return new BlockLift
                    {
                        Id = id,
                        Patient = patient,
                        Validity = validity,
                        RecordedAt = now,
                        RecordedBy = recordedBy,
                        Reader = reader,
                        Custodian = Custodian(lifted, directory),
                    };
                }

                return new PatientConsent
                {
                    Id = id,
                    Patient = patient,
                    Validity = validity,
                    RecordedAt = now,
                    RecordedBy = recordedBy,
                    Reader = reader,
                    CoversSocialCare = provision.Code.Any(c => c.Coding.Any(code =>
                        code.System == FhirSystems.DocumentationBasis && code.Code is "SoL" or "LSS")),
                };
            default:
                throw FhirProblem.Invalid("Consent.provision.type must be permit (samtycke) or deny (spärr).", "Consent.provision.type");
        }
    }

    public static Consent ToFhir(ConsentDirective directive)
    {
        var consent = new Consent
        {
            Id = directive.Id,
            // Version 1 as registered; ending it (the only change) makes version 2.
            Meta = new Meta { VersionId = directive.Status == ConsentStatus.Active ? "1" : "2", LastUpdated = directive.RecordedAt },
            Status = directive.Status == ConsentStatus.Active ? Consent.ConsentState.Active : Consent.ConsentState.Inactive,
            Scope = new CodeableConcept(ConsentScope, "patient-privacy"),
            Category = [new CodeableConcept("http://loinc.org", "59284-0")],
            Patient = new ResourceReference
            {
                Type = "Patient",
                Identifier = new Identifier(NoteMapping.SystemOf(directive.Patient.Kind), directive.Patient.Value),
            },
            DateTime = directive.RecordedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            PolicyRule = new CodeableConcept(ActCode, directive is PatientBlock ? "OPTOUT" : "OPTIN"),
        };

        var provision = new Consent.provisionComponent { Period = ToPeriod(directive.Validity) };
        switch (directive)
        {
            case PatientBlock block:
                provision.Type = Consent.ConsentProvisionType.Deny;
                provision.Actor = [Actor("CST", block.Custodian.HsaId, "Organization")];
                provision.DataPeriod = ToPeriod(block.DataPeriod);
                break;
            case BlockLift lift:
                provision.Type = Consent.ConsentProvisionType.Permit;
                provision.Actor = [Actor("IRCP", lift.Reader.HsaId, TypeOf(lift.Reader))];
                provision.Provision = [new Consent.provisionComponent
                {
                    Type = Consent.ConsentProvisionType.Permit,
                    Actor = [Actor("CST", lift.Custodian.HsaId, "Organization")],
                }];
                break;
            case PatientConsent permit:
                provision.Type = Consent.ConsentProvisionType.Permit;
                provision.Actor = [Actor("IRCP", permit.Reader.HsaId, TypeOf(permit.Reader))];
                if (permit.CoversSocialCare)
                {
                    provision.Code = [new CodeableConcept(FhirSystems.DocumentationBasis, "SoL"), new CodeableConcept(FhirSystems.DocumentationBasis, "LSS")];
                }

                break;
        }

        consent.Provision = provision;
        return consent;
    }

    private static Consent.provisionActorComponent ActorWithRole(Consent.provisionComponent provision, string role, string path) =>
        provision.Actor.FirstOrDefault(a => HasRole(a, role))
        ?? throw FhirProblem.Invalid($"The provision needs an actor with role {role} ({ParticipationType}) named by HSA-id.", path);

    private static bool HasRole(Consent.provisionActorComponent actor, string role) =>
        actor.Role?.Coding.Any(c => c.System == ParticipationType && c.Code == role) == true;

    private static HsaId HsaOf(Consent.provisionActorComponent actor) =>
        actor.Reference?.Identifier is { System: FhirSystems.HsaId, Value: { Length: > 0 } value }
            ? new HsaId(value)
            : throw FhirProblem.Invalid("A consent actor is named by its HSA-id (reference.identifier).", "Consent.provision.actor.reference.identifier");

    private static ConsentReader Reader(Consent.provisionActorComponent actor, CareProviderDirectory directory)
    {
        var id = HsaOf(actor);
        var kind = actor.Reference!.Type is "Practitioner" or "PractitionerRole" ? ReaderKind.User
            : directory.IsUnit(id) ? ReaderKind.CareUnit
            : ReaderKind.CareProvider;
        return new ConsentReader(kind, id);
    }

    private static BlockedCustodian Custodian(Consent.provisionActorComponent actor, CareProviderDirectory directory)
    {
        var id = HsaOf(actor);
        return new BlockedCustodian(directory.IsUnit(id) ? CustodianKind.CareUnit : CustodianKind.CareProvider, id);
    }

    private static string TypeOf(ConsentReader reader) => reader.Kind == ReaderKind.User ? "Practitioner" : "Organization";

    private static Consent.provisionActorComponent Actor(string role, HsaId id, string type) => new()
    {
        Role = new CodeableConcept(ParticipationType, role),
        Reference = new ResourceReference { Type = type, Identifier = new Identifier(FhirSystems.HsaId, id.Value) },
    };

    /// <summary>A FHIR period as a half-open range: a date-only end includes that whole day.</summary>
    private static TimePeriod PeriodOf(Period? period, string path)
    {
        if (period is null)
        {
            return TimePeriod.Always;
        }

        try
        {
            return new TimePeriod(
                period.Start is { } start ? DateSearch.Range(start).Start : null,
                period.End is { } end ? DateSearch.Range(end).End : null);
        }
        catch (FhirProblem)
        {
            throw FhirProblem.Invalid("The period must hold FHIR dates or dateTimes.", path);
        }
    }

    private static Period? ToPeriod(TimePeriod period) =>
        period.Start is null && period.End is null
            ? null
            : new Period
            {
                Start = period.Start?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                End = period.End?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            };
}
