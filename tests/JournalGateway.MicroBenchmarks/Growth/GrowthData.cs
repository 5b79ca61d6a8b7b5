using System.Globalization;
using System.Text.Json;
using JournalGateway.Core.Identifiers;
using JournalGateway.Core.Notes;

namespace JournalGateway.MicroBenchmarks.Growth;

/// <summary>One seeded note: the facts both stores need.</summary>
internal readonly record struct GrowthRow(
    Guid NoteId, string ExternalId, string PatientId, string AuthorHsaId, string NoteType, DateTimeOffset EventTime, DateTimeOffset RecordedAt);

/// <summary>
/// Synthetic notes: ten per patient, each patient's notes spread through the whole load (as notes arrive over years).
/// The measured patient is the public test identity 195009072553; every other patient id starts with 99, which no
/// personnummer does (there is no year 99xx), so no seeded row can be a real person.
/// </summary>
internal static class GrowthData
{
    public const int NotesPerPatient = 10;
    public const string TargetPatient = "195009072553";

    private static readonly DateTimeOffset Start = new(2020, 1, 1, 8, 0, 0, TimeSpan.FromHours(1));
    private static readonly string[] NoteTypes = ["bes", "utr", "atb", "ins"];

    public static readonly IReadOnlyList<NoteKeyword> Keywords =
    [
        new("anamnes", "Anamnes", "Hembesök för omläggning av bensår. Patienten mår bra, inga nya besvär."),
        new("hud", "Hud", "Sår på vänster underben 2 x 3 cm, rena sårkanter, ingen rodnad."),
        new("atgard", "Åtgärder", "Omlagt enligt ordination. Ny omläggning om två dagar."),
    ];

    /// <summary>The keywords as the regional store keeps them (its JSON, camelCase).</summary>
    public static readonly string KeywordsJson = JsonSerializer.Serialize(
        Keywords.Select(k => new { code = k.Code, label = k.Label, text = k.Text }));

    public static int Patients(int count) => Math.Max(1, count / NotesPerPatient);

    public static IEnumerable<GrowthRow> Rows(int count, string target)
    {
        var patients = Patients(count);
        for (var i = 0; i < count; i++)
        {
            var patient = i % patients;
            var time = Start.AddMinutes(i);
            yield return new GrowthRow(
                Guid.CreateVersion7(time),
                "urn:ietf:rfc:3986|urn:uuid:" + Guid.NewGuid().ToString(),
                patient == 0 ? target : "99" + patient.ToString("D10", CultureInfo.InvariantCulture),
                "SE2120002080-P" + (i % 50).ToString("D3", CultureInfo.InvariantCulture),
                NoteTypes[i % NoteTypes.Length],
                time,
                time.AddMinutes(30));
        }
    }

    public static HslNote Note(GrowthRow row) => new()
    {
        ExternalId = row.ExternalId,
        Patient = new PatientIdentifier(PatientIdentifierKind.Personnummer, row.PatientId),
        CareProvider = new HsaId("SE2120002080-0001"),
        CareUnit = new HsaId("SE2120002080-E001"),
        Author = new NoteAuthor(new HsaId(row.AuthorHsaId), "Sara Sjuksköterska", "Sjuksköterska"),
        NoteType = row.NoteType,
        Title = "Hembesök, omläggning",
        EventTime = row.EventTime,
        Status = NoteStatus.Signed,
        SignedAt = row.EventTime.AddMinutes(20),
        Signer = new NoteAuthor(new HsaId(row.AuthorHsaId), "Sara Sjuksköterska"),
        Keywords = Keywords,
    };
}
