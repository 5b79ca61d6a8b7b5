using System.Text.Json;
using System.Text.Json.Nodes;
using JournalGateway.Adapters.Cosmic.Tests.Support;
using JournalGateway.Core.Identifiers;
using JournalGateway.Core.Notes;

namespace JournalGateway.Adapters.Cosmic.Tests;

public sealed class CosmicNoteMappingTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>What the store would answer for a write: the same fields plus its own.</summary>
    private static CosmicNoteView Answer(CosmicNoteWrite write, string? externalId)
    {
        var json = JsonSerializer.SerializeToNode(write, Web)!.AsObject();
        json["noteId"] = "0195a1c0-0000-7000-8000-0000000000aa";
        json["version"] = 1;
        json["externalId"] = externalId;
        json["versionExternalId"] = externalId;
        json["recordedAt"] = "2025-05-10T10:00:00+02:00";
        return json.Deserialize<CosmicNoteView>(Web)!;
    }

    [Theory]
    [InlineData(NoteStatus.Signed, PatientIdentifierKind.Personnummer, "195009072553")]
    [InlineData(NoteStatus.Unsigned, PatientIdentifierKind.Samordningsnummer, "195009672553")]
    [InlineData(NoteStatus.Amended, PatientIdentifierKind.NationelltReservnummer, "99500907AB12")]
    public void ToWriteThenToRecordedNote_AnyNote_RoundTripsEqual(NoteStatus status, PatientIdentifierKind kind, string id)
    {
        var note = SampleNotes.Note(status: status, patient: new PatientIdentifier(kind, id));

        var write = CosmicNoteMapping.ToWrite(note, note.ExternalId, null);
        var recorded = CosmicNoteMapping.ToRecordedNote(Answer(write, note.ExternalId));

        SampleNotes.AssertSameNote(note, recorded.Note);
        Assert.Equal("0195a1c0-0000-7000-8000-0000000000aa", recorded.RegionalId);
        Assert.Equal(1, recorded.Version);
        Assert.Equal(new DateTimeOffset(2025, 5, 10, 8, 0, 0, TimeSpan.Zero), recorded.RecordedAt);
    }

    [Fact]
    public void ToWrite_SignedNote_SpeaksTheStoresJson()
    {
        var note = SampleNotes.Note();

        var json = JsonSerializer.SerializeToNode(CosmicNoteMapping.ToWrite(note, "key-1", "note-7"), Web)!.AsObject();

        Assert.Equal("key-1", (string?)json["externalId"]);
        Assert.Equal("note-7", (string?)json["supersedes"]);
        Assert.Equal("195009072553", (string?)json["patient"]!["id"]);
        Assert.Equal("personnummer", (string?)json["patient"]!["idType"]);
        Assert.Equal("SE2120002080-0001", (string?)json["careProviderHsaId"]);
        Assert.Equal("SE2120002080-E001", (string?)json["careUnitHsaId"]);
        Assert.Equal("SE2120002080-P001", (string?)json["author"]!["hsaId"]);
        Assert.Equal("signed", (string?)json["status"]);
        Assert.Equal("2025-05-10T09:30:00+02:00", (string?)json["eventTime"]);
        Assert.Equal("2025-05-10T10:00:00+02:00", (string?)json["signedAt"]);
        Assert.Equal("SE2120002080-P001", (string?)json["signer"]!["hsaId"]);
        var keywords = json["keywords"]!.AsArray();
        Assert.Equal(["hud", "atgard"], keywords.Select(k => (string?)k!["code"]));
        Assert.Equal("Åtgärder", (string?)keywords[1]!["label"]);
    }

    [Fact]
    public void ToRecordedNote_NativeRegionalNote_HasEmptyExternalId()
    {
        var write = CosmicNoteMapping.ToWrite(SampleNotes.Note(), "ignored", null);

        var recorded = CosmicNoteMapping.ToRecordedNote(Answer(write, externalId: null));

        Assert.Equal(CosmicNoteMapping.NoExternalId, recorded.Note.ExternalId);
        Assert.Equal("", recorded.Note.ExternalId);
    }

    [Fact]
    public void ToRecordedNote_UnknownStatus_ThrowsFormatException()
    {
        var view = Answer(CosmicNoteMapping.ToWrite(SampleNotes.Note(), "k", null), "k") with { Status = "draft" };

        Assert.Throws<FormatException>(() => CosmicNoteMapping.ToRecordedNote(view));
    }

    [Fact]
    public void ToWriteThenToRecordedReference_SolReference_RoundTripsEqual()
    {
        var reference = SampleNotes.Reference();
        var json = JsonSerializer.SerializeToNode(CosmicNoteMapping.ToWrite(reference, reference.ExternalId), Web)!.AsObject();
        json["documentId"] = "doc-1";
        json["recordedAt"] = "2025-05-02T15:00:00+02:00";

        var recorded = CosmicNoteMapping.ToRecordedReference(json.Deserialize<CosmicDocumentView>(Web)!);

        Assert.Equal(reference, recorded.Reference);
        Assert.Equal("doc-1", recorded.RegionalId);
        Assert.False(json.ContainsKey("content"));
    }

    [Fact]
    public void Query_TimesWithOffset_AreEscaped()
    {
        var query = CosmicNoteMapping.Query(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.FromHours(1)), null,
            [("noteType", "atb"), ("author", null)], 2, 500);

        Assert.Equal("?from=2025-01-01T00%3A00%3A00.0000000%2B01%3A00&noteType=atb&page=2&pageSize=500", query);
    }
}
