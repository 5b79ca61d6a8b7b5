using Hl7.Fhir.Model;
using JournalGateway.Fhir.Profiles;

namespace JournalGateway.Fhir.Validation;

/// <summary>
/// Which of our profiles a resource is validated against. It depends only on the resource itself, never on its
/// <c>meta.profile</c>: clients need not claim conformance, and cannot opt out of it.
/// </summary>
public static class ProfileSelection
{
    /// <summary>Our profile for <paramref name="resource"/>, or null when the gateway has none for its type.</summary>
    public static string? ProfileFor(Resource resource) => resource switch
    {
        Patient => ProfileCanonicals.Patient,
        Practitioner => ProfileCanonicals.Practitioner,
        PractitionerRole => ProfileCanonicals.PractitionerRole,

        // A care unit belongs to a provider; a provider belongs to nobody.
        Organization { PartOf: not null } => ProfileCanonicals.CareUnit,
        Organization => ProfileCanonicals.CareProvider,
        Composition => ProfileCanonicals.HslNote,
        Bundle { Type: Bundle.BundleType.Document } => ProfileCanonicals.HslNoteDocument,
        DocumentReference => ProfileCanonicals.SolReference,
        Consent => ProfileCanonicals.Consent,
        AuditEvent => ProfileCanonicals.AccessLogEntry,
        _ => null,
    };

    /// <summary>Our profile for the resource, or else the core definition of its type.</summary>
    public static string ProfileOrCoreFor(Resource resource) =>
        ProfileFor(resource) ?? "http://hl7.org/fhir/StructureDefinition/" + resource.TypeName;
}
