using Dapper;
using RegionalStore.JournalNotes;
using RegionalStore.Storage;

namespace RegionalStore.Seed;

/// <summary>
/// Notes written in the region itself (no externalId) at Akutmottagningen Västerås, for Inera's public test
/// identities, so that reads through the gateway show regional data from the start.
/// </summary>
internal static class SeedData
{
    private const string Provider = "SE2321000172-0001";
    private const string Unit = "SE2321000172-E100";

    private static readonly StaffRef Lakare = new("SE2321000172-P101", "Anna Lindqvist", "Läkare");
    private static readonly StaffRef Sjukskoterska = new("SE2321000172-P102", "Erik Johansson", "Sjuksköterska");
    private static readonly StaffRef Underlakare = new("SE2321000172-P103", "Maria Berg", "Läkare");

    public static void WriteIfEmpty(StoreDatabase database)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM journal_notes", transaction: tx) > 0)
        {
            return;
        }

        foreach (var (noteId, note) in Notes())
        {
            // Recorded when signed: a seeded store looks the same whenever it was created.
            JournalNoteRepository.WriteNative(connection, tx, noteId, note, note.SignedAt!.Value);
        }

        tx.Commit();
    }

    private static NewJournalNote Note(string patientId, StaffRef author, string noteType, string title,
        string eventTime, int minutesToSign, params KeywordEntry[] keywords)
    {
        var at = DateTimeOffset.Parse(eventTime, System.Globalization.CultureInfo.InvariantCulture);
        return new NewJournalNote(null, patientId, "personnummer", Provider, Unit, author, noteType, title, at, "signed",
            at.AddMinutes(minutesToSign), author, null, keywords);
    }

    private static KeywordEntry K(string code, string label, string text) => new(code, label, text);

    internal static IEnumerable<(string NoteId, NewJournalNote Note)> Notes()
    {
        // 195009072553
        yield return ("0195a1c0-0000-7000-8000-000000000101", Note("195009072553", Sjukskoterska, "ins",
            "Inskrivning akutmottagningen", "2025-02-03T08:40:00+01:00", 25,
            K("anamnes", "Anamnes", "Inkommer med ambulans efter fall i hemmet. Bor ensam med hemtjänst två gånger dagligen."),
            K("andning-cirkulation", "Andning/cirkulation", "Andningsfrekvens 18/min, saturation 95 % på luft. Blodtryck 145/85, puls 88 regelbunden."),
            K("atgard", "Åtgärder", "Perifer venkateter anlagd. Blodprover tagna enligt fallutredning.")));
        yield return ("0195a1c0-0000-7000-8000-000000000102", Note("195009072553", Lakare, "utr",
            "Fallutredning", "2025-02-03T10:15:00+01:00", 40,
            K("anamnes", "Anamnes", "Snubblade på mattkant. Ingen medvetandeförlust. Tar blodtryckssänkande läkemedel."),
            K("status", "Status", "Vaken och orienterad. Ömhet över höger höft, ingen felställning. Röntgen utan fraktur."),
            K("diagnos", "Diagnos", "Kontusion höger höft efter fall.")));
        yield return ("0195a1c0-0000-7000-8000-000000000103", Note("195009072553", Sjukskoterska, "atb",
            "Smärtlindring och mobilisering", "2025-02-03T13:30:00+01:00", 15,
            K("smarta-sinnesintryck", "Smärta/sinnesintryck", "Skattar smärtan till 6 av 10 vid belastning."),
            K("atgard", "Åtgärder", "Paracetamol 1 g givet. Mobiliserad med rollator och stöd av en person."),
            K("resultat", "Resultat", "Smärta 3 av 10 efter en timme. Går säkert med rollator.")));

        // 196101182803
        yield return ("0195a1c0-0000-7000-8000-000000000201", Note("196101182803", Underlakare, "bes",
            "Akutbesök, andfåddhet", "2025-03-11T19:05:00+01:00", 50,
            K("anamnes", "Anamnes", "Tilltagande andfåddhet i tre dagar, hosta med gulaktiga upphostningar."),
            K("status", "Status", "Feber 38,4. Rassel basalt höger. CRP 96."),
            K("diagnos", "Diagnos", "Samhällsförvärvad pneumoni.")));
        yield return ("0195a1c0-0000-7000-8000-000000000202", Note("196101182803", Sjukskoterska, "atb",
            "Antibiotikabehandling påbörjad", "2025-03-11T20:30:00+01:00", 20,
            K("andning-cirkulation", "Andning/cirkulation", "Saturation 93 % på luft, 97 % med 2 liter syrgas."),
            K("atgard", "Åtgärder", "Första dosen antibiotika intravenöst given. Syrgas 2 liter på grimma."),
            K("mal", "Mål", "Saturation över 92 % utan syrgas inom två dygn.")));

        // 189002029800
        yield return ("0195a1c0-0000-7000-8000-000000000301", Note("189002029800", Sjukskoterska, "ins",
            "Inskrivning, förvirring", "2025-04-22T07:50:00+02:00", 30,
            K("anamnes", "Anamnes", "Anhörig beskriver tilltagande förvirring sedan två dagar och minskat födointag."),
            K("nutrition", "Nutrition", "Har ätit och druckit lite senaste dygnen. Munslemhinnor torra."),
            K("kommunikation", "Kommunikation", "Hörselnedsättning, använder hörapparat. Svarar adekvat på enkla frågor.")));
        yield return ("0195a1c0-0000-7000-8000-000000000302", Note("189002029800", Lakare, "utr",
            "Utredning akut förvirring", "2025-04-22T09:20:00+02:00", 35,
            K("status", "Status", "Lätt dehydrerad. Inga fokala neurologiska bortfall. Urinsticka positiv för nitrit."),
            K("diagnos", "Diagnos", "Akut konfusion, trolig urinvägsinfektion och dehydrering.")));
        yield return ("0195a1c0-0000-7000-8000-000000000303", Note("189002029800", Sjukskoterska, "atb",
            "Vätskebehandling", "2025-04-22T12:45:00+02:00", 10,
            K("atgard", "Åtgärder", "Intravenös vätska 1000 ml. Vätskelista påbörjad."),
            K("resultat", "Resultat", "Klarare, dricker själv med uppmuntran."),
            K("epikris", "Epikris", "Överförs till medicinavdelning för fortsatt behandling.")));
    }
}
