namespace JournalGateway.Fhir.Profiles;

/// <summary>The canonical urls of the gateway's own profiles and terminology (package se.journalgateway.fhir).</summary>
public static class ProfileCanonicals
{
    public const string Base = "https://fhir.journalgateway.se";

    public const string Patient = Base + "/StructureDefinition/jg-patient";
    public const string Practitioner = Base + "/StructureDefinition/jg-practitioner";
    public const string PractitionerRole = Base + "/StructureDefinition/jg-practitioner-role";
    public const string CareUnit = Base + "/StructureDefinition/jg-care-unit";
    public const string CareProvider = Base + "/StructureDefinition/jg-care-provider";
    public const string HslNote = Base + "/StructureDefinition/jg-hsl-note";
    public const string HslNoteDocument = Base + "/StructureDefinition/jg-hsl-note-document";
    public const string SolReference = Base + "/StructureDefinition/jg-sol-reference";
    public const string Consent = Base + "/StructureDefinition/jg-consent";
    public const string AccessLogEntry = Base + "/StructureDefinition/jg-access-log-entry";

    public const string VipsCodeSystem = Base + "/CodeSystem/vips";
    public const string DocumentationBasisCodeSystem = Base + "/CodeSystem/documentation-basis";
    public const string SolServiceCodeSystem = Base + "/CodeSystem/sol-service";
    public const string ProviderKindCodeSystem = Base + "/CodeSystem/provider-kind";
    public const string DeliveryStatusCodeSystem = Base + "/CodeSystem/delivery-status";

    /// <summary>Every profile the gateway validates against; the catalog refuses to start without any of them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Patient, Practitioner, PractitionerRole, CareUnit, CareProvider, HslNote, HslNoteDocument, SolReference, Consent,
        AccessLogEntry,
    ];
}
