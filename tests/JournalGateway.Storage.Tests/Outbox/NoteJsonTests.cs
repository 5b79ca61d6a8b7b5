using JournalGateway.Core.Notes;
using JournalGateway.Storage.Outbox;
using JournalGateway.Storage.Tests.Support;

namespace JournalGateway.Storage.Tests.Outbox;

public sealed class NoteJsonTests
{
    [Fact]
    public void Serialize_SignedNote_HasTheDocumentedVersion1Shape()
    {
        var json = NoteJson.Serialize(TestNotes.Note(externalId: "treserva-1"));

        // The stored shape is a contract with rows written by older builds: change it only with a new schema version.
        Assert.StartsWith("""{"externalId":"treserva-1","patient":{"kind":"personnummer","value":"195009072553"},"careProvider":"SE2120002080-0001","careUnit":"SE2120002080-E001","author":{"hsaId":"SE2120002080-P001",""", json, StringComparison.Ordinal);
        Assert.Contains("\"eventTime\":\"2026-03-01T14:30:00+01:00\",\"status\":\"signed\",\"signedAt\":\"2026-03-01T15:00:00+01:00\",", json, StringComparison.Ordinal);
        Assert.Contains("\"keywords\":[{\"code\":\"hud\",\"label\":\"Hud\",\"text\":", json, StringComparison.Ordinal);
        Assert.EndsWith("\"documentationBasis\":\"HSL\"}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_Version1_RoundTripsEveryField()
    {
        var note = TestNotes.Note(status: NoteStatus.Unsigned);

        var back = NoteJson.Deserialize(NoteJson.Serialize(note), 1);

        Assert.Equal(NoteJson.Serialize(note), NoteJson.Serialize(back));
        Assert.Null(back.Signer);
        Assert.Equal(note.Keywords, back.Keywords);
        Assert.Equal(note.Patient, back.Patient);
    }

    [Fact]
    public void Deserialize_UnknownSchemaVersion_Throws()
    {
        Assert.Throws<InvalidDataException>(() => NoteJson.Deserialize("{}", 99));
    }
}
