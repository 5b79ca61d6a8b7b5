using JournalGateway.Core.Identifiers;
using JournalGateway.Core.Notes;
using JournalGateway.Core.References;

namespace JournalGateway.Adapters.Cosmic.Tests.Support;

public static class SampleNotes
{
    public static readonly PatientIdentifier Patient = new(PatientIdentifierKind.Personnummer, "195009072553");

    public static HslNote Note(
        string externalId = "urn:ietf:rfc:3986|urn:uuid:6f1c0a52-3a8e-4b43-9c59-0d2a4c1f7e11",
        string noteType = "atb",
        DateTimeOffset? eventTime = null,
        NoteStatus status = NoteStatus.Signed,
        PatientIdentifier? patient = null)
    {
        var author = new NoteAuthor(new HsaId("SE2120002080-P001"), "Sara Nilsson", "Sjuksköterska");
        var at = eventTime ?? new DateTimeOffset(2025, 5, 10, 9, 30, 0, TimeSpan.FromHours(2));
        return new HslNote
        {
            ExternalId = externalId,
            Patient = patient ?? Patient,
            CareProvider = new HsaId("SE2120002080-0001"),
            CareUnit = new HsaId("SE2120002080-E001"),
            Author = author,
            NoteType = noteType,
            Title = "Hembesök, såromläggning",
            EventTime = at,
            Status = status,
            SignedAt = status == NoteStatus.Unsigned ? null : at.AddMinutes(30),
            Signer = status == NoteStatus.Unsigned ? null : author,
            Keywords =
            [
                new NoteKeyword("hud", "Hud", "Bensår vänster underben, 3 x 4 cm.\nRodnad i kanten."),
                new NoteKeyword("atgard", "Åtgärder", "Omläggning med skumförband."),
            ],
        };
    }

    public static SolReference Reference(string externalId = "treserva|2025-000123", string basis = "SoL",
        string serviceType = "hemtjanst") => new()
        {
            ExternalId = externalId,
            Patient = Patient,
            CareProvider = new HsaId("SE2120002080-OG01"),
            CareUnit = new HsaId("SE2120002080-E900"),
            Basis = basis,
            ServiceType = serviceType,
            MunicipalRecordId = "TRESERVA-2025-000123",
            SourceSystem = "Treserva",
            Title = "Genomförandeplan hemtjänst",
            Date = new DateTimeOffset(2025, 5, 2, 14, 0, 0, TimeSpan.FromHours(2)),
            Author = new NoteAuthor(new HsaId("SE2120002080-P900"), "Lena Ek", "Biståndshandläggare"),
        };

    /// <summary>Records compare lists by reference; compare the keywords apart.</summary>
    public static void AssertSameNote(HslNote expected, HslNote actual)
    {
        Assert.Equal(expected with { Keywords = [] }, actual with { Keywords = [] });
        Assert.Equal(expected.Keywords, actual.Keywords);
    }
}
