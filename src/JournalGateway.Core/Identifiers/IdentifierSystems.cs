namespace JournalGateway.Core.Identifiers;

/// <summary>
/// Identifier and code system URIs as HL7 Sweden's base profiles and Inera use them (DESIGN section 5).
/// </summary>
public static class IdentifierSystems
{
    /// <summary>Personnummer: 12 digits YYYYMMDDNNNC, no separator.</summary>
    public const string Personnummer = "http://electronichealth.se/identifier/personnummer";

    /// <summary>Samordningsnummer: as personnummer with 60 added to the day.</summary>
    public const string Samordningsnummer = "http://electronichealth.se/identifier/samordningsnummer";

    /// <summary>Nationellt reservnummer (Inera's national reserve identity, NRID).</summary>
    public const string NationelltReservnummer = "http://electronichealth.se/identifier/nationelltReservnummer";

    /// <summary>HSA-id of persons, care units and care providers.</summary>
    public const string HsaId = "urn:oid:1.2.752.29.4.19";

    /// <summary>Swedish organisation number.</summary>
    public const string OrganisationNumber = "urn:oid:2.5.4.97";

    /// <summary>Inera care documentation types (utr, atb, sam, sao, ins, slu, auf, sva, bes).</summary>
    public const string NoteType = "urn:oid:1.2.752.129.2.2.2.11";

    /// <summary>The system URI of a patient identifier kind.</summary>
    public static string ForKind(PatientIdentifierKind kind) => kind switch
    {
        PatientIdentifierKind.Personnummer => Personnummer,
        PatientIdentifierKind.Samordningsnummer => Samordningsnummer,
        PatientIdentifierKind.NationelltReservnummer => NationelltReservnummer,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown patient identifier kind."),
    };

    /// <summary>The patient identifier kind a system URI stands for, if it is one of the Swedish patient systems.</summary>
    public static bool TryGetKind(string? system, out PatientIdentifierKind kind)
    {
        switch (system)
        {
            case Personnummer:
                kind = PatientIdentifierKind.Personnummer;
                return true;
            case Samordningsnummer:
                kind = PatientIdentifierKind.Samordningsnummer;
                return true;
            case NationelltReservnummer:
                kind = PatientIdentifierKind.NationelltReservnummer;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
