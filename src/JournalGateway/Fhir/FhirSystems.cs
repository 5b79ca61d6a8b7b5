namespace JournalGateway.Fhir;

/// <summary>Identifier and code systems of DESIGN section 5.</summary>
public static class FhirSystems
{
    public const string Canonical = "https://fhir.journalgateway.se";
    public const string Personnummer = "http://electronichealth.se/identifier/personnummer";
    public const string Samordningsnummer = "http://electronichealth.se/identifier/samordningsnummer";
    public const string NationelltReservnummer = "http://electronichealth.se/identifier/nationelltReservnummer";
    public const string HsaId = "urn:oid:1.2.752.29.4.19";
    public const string NoteType = "urn:oid:1.2.752.129.2.2.2.11";
    public const string Vips = Canonical + "/CodeSystem/vips";
    public const string DocumentationBasis = Canonical + "/CodeSystem/documentation-basis";
    public const string DeliveryStatus = Canonical + "/CodeSystem/delivery-status";
    public const string Xhtml = "http://www.w3.org/1999/xhtml";

    /// <summary>Display names of the Inera care documentation types.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoteTypeDisplays = new Dictionary<string, string>
    {
        ["utr"] = "Utredning",
        ["atb"] = "Åtgärd/behandling",
        ["sam"] = "Sammanfattning",
        ["sao"] = "Samordning",
        ["ins"] = "Inskrivning",
        ["slu"] = "Slutanteckning",
        ["auf"] = "Administrativ uppgift",
        ["sva"] = "Sammanställning vårdbegäran",
        ["bes"] = "Besöksanteckning",
    };
}
