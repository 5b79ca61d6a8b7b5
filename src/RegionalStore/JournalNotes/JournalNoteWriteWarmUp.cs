using System.Text.Json;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace RegionalStore.JournalNotes;

/// <summary>
/// A note write rehearsed once at start, before the store listens: a request body bound from JSON, validated, written
/// and read back in a transaction that is rolled back, and the answer serialized. Nothing is stored.
/// </summary>
/// <remarks>
/// Without it the first note the gateway delivers after start took about 0.1 s longer than the next ones (JIT of this
/// path, statement preparation, Dapper's row mapping, JSON metadata), and the gateway's writer waits for that delivery.
/// </remarks>
internal static class JournalNoteWriteWarmUp
{
    private static readonly StaffRef Author = new("SE2321000172-P102", "Rehearsal", "Sjuksköterska");

    public static JournalNoteView? Run(IServiceProvider services)
    {
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var notes = services.GetRequiredService<JournalNoteRepository>();
        var time = services.GetRequiredService<TimeProvider>().GetUtcNow();

        var request = JsonSerializer.SerializeToNode(new JournalNoteWrite(
            ExternalId: "urn:uuid:" + Guid.NewGuid(),
            Patient: new PatientRef("191212121212", "personnummer"),
            CareProviderHsaId: "SE2321000172-0001",
            CareUnitHsaId: "SE2321000172-E100",
            Author: Author,
            NoteType: "atb",
            Title: "Rehearsal",
            EventTime: time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            Status: "signed",
            SignedAt: time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            Signer: Author,
            Supersedes: null,
            Keywords: [new KeywordEntry("atgard", "Åtgärder", "Rehearsal")]), json)!;
        var (note, validation) = JournalNoteValidator.Validate(request.Deserialize<JournalNoteWrite>(json)!);
        if (note is null)
        {
            throw new InvalidOperationException("The rehearsal note is invalid: " + string.Join("; ", validation.Errors().Keys));
        }

        var view = notes.RehearseWriteAsync(note, CancellationToken.None).GetAwaiter().GetResult();
        JsonSerializer.SerializeToUtf8Bytes(view, json);
        return view;
    }
}
