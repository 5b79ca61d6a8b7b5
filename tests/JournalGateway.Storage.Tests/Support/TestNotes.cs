using JournalGateway.Core.Delivery;
using JournalGateway.Core.Identifiers;
using JournalGateway.Core.Notes;
using JournalGateway.Storage.Outbox;

namespace JournalGateway.Storage.Tests.Support;

/// <summary>Notes for the outbox tests, with Inera's public test identities only.</summary>
internal static class TestNotes
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public static readonly PatientIdentifier PatientA = new(PatientIdentifierKind.Personnummer, "195009072553");
    public static readonly PatientIdentifier PatientB = new(PatientIdentifierKind.Personnummer, "196101182803");

    public static HslNote Note(PatientIdentifier? patient = null, string? externalId = null, NoteStatus status = NoteStatus.Signed) => new()
    {
        ExternalId = externalId ?? $"treserva-{Guid.NewGuid():N}",
        Patient = patient ?? PatientA,
        CareProvider = new HsaId("SE2120002080-0001"),
        CareUnit = new HsaId("SE2120002080-E001"),
        Author = new NoteAuthor(new HsaId("SE2120002080-P001"), "Anna Sjöström", "Sjuksköterska"),
        NoteType = "utr",
        Title = "Hembesök, omläggning",
        EventTime = new DateTimeOffset(2026, 3, 1, 14, 30, 0, TimeSpan.FromHours(1)),
        Status = status,
        SignedAt = status == NoteStatus.Unsigned ? null : new DateTimeOffset(2026, 3, 1, 15, 0, 0, TimeSpan.FromHours(1)),
        Signer = status == NoteStatus.Unsigned ? null : new NoteAuthor(new HsaId("SE2120002080-P001"), "Anna Sjöström"),
        Keywords =
        [
            new NoteKeyword("hud", "Hud", "Sår på vänster underben, 2x3 cm.\nOmlagt enligt ordination."),
            new NoteKeyword("atgard", "Åtgärder", "Ny omläggning om två dagar."),
        ],
    };

    public static AcceptedNote Accepted(
        string? noteId = null,
        int version = 1,
        string? key = null,
        HslNote? note = null,
        DateTimeOffset? acceptedAt = null,
        DateTimeOffset? nextAttemptAt = null,
        string submissionType = "Bundle",
        string? submissionId = null)
    {
        noteId ??= Guid.NewGuid().ToString();
        var at = acceptedAt ?? T0;
        return new AcceptedNote
        {
            NoteId = noteId,
            Version = version,
            SubmissionType = submissionType,
            SubmissionId = submissionId ?? (submissionType == "Bundle" ? Guid.NewGuid().ToString() : noteId),
            IdempotencyKey = key ?? $"urn:ietf:rfc:3986|urn:uuid:{Guid.NewGuid()}",
            Note = note ?? Note(),
            // Opaque to the store: kept byte for byte, non-ASCII and spacing included.
            Representation = $$"""{"resourceType":"Bundle","id":"{{noteId}}","meta":{"versionId":"{{version}}"},  "x":"åäö"}""",
            AcceptedAt = at,
            NextAttemptAt = nextAttemptAt ?? at,
        };
    }

    public static AcceptedNote NextVersion(AcceptedNote previous, DateTimeOffset? acceptedAt = null) => previous with
    {
        Version = previous.Version + 1,
        IdempotencyKey = $"urn:ietf:rfc:3986|urn:uuid:{Guid.NewGuid()}",
        Note = previous.Note with { Status = NoteStatus.Amended, Title = previous.Note.Title + " (rättad)" },
        Representation = previous.Representation.Replace($"\"versionId\":\"{previous.Version}\"", $"\"versionId\":\"{previous.Version + 1}\"", StringComparison.Ordinal),
        AcceptedAt = acceptedAt ?? previous.AcceptedAt.AddMinutes(1),
        NextAttemptAt = acceptedAt ?? previous.AcceptedAt.AddMinutes(1),
        State = DeliveryState.Pending,
    };

    /// <summary>Field by field: the records' own equality compares the keyword lists by reference.</summary>
    public static void AssertSame(AcceptedNote expected, AcceptedNote? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.NoteId, actual.NoteId);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.SubmissionType, actual.SubmissionType);
        Assert.Equal(expected.SubmissionId, actual.SubmissionId);
        Assert.Equal(expected.IdempotencyKey, actual.IdempotencyKey);
        Assert.Equal(expected.Representation, actual.Representation);
        Assert.Equal(expected.AcceptedAt, actual.AcceptedAt);
        Assert.Equal(NoteJson.Serialize(expected.Note), NoteJson.Serialize(actual.Note));
        Assert.Equal(expected.Note.EventTime.Offset, actual.Note.EventTime.Offset);
    }
}
