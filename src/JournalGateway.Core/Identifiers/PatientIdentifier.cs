namespace JournalGateway.Core.Identifiers;

/// <summary>The Swedish identifier kinds a patient can be known by.</summary>
public enum PatientIdentifierKind
{
    /// <summary>Personnummer: 12 digits YYYYMMDDNNNC.</summary>
    Personnummer,

    /// <summary>Samordningsnummer: as a personnummer with 60 added to the day.</summary>
    Samordningsnummer,

    /// <summary>Nationellt reservnummer: temporary national identifier.</summary>
    NationelltReservnummer,
}

/// <summary>A patient identifier in its canonical (12 character, no separator) form.</summary>
/// <param name="Kind">Which Swedish identifier scheme the value belongs to.</param>
/// <param name="Value">The canonical value.</param>
public sealed record PatientIdentifier(PatientIdentifierKind Kind, string Value)
{
    /// <summary>Never print the value: identifiers are personal data and must stay out of logs.</summary>
    public override string ToString() => $"{Kind}:***";
}
