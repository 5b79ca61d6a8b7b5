namespace JournalGateway.Core.Notes;

/// <summary>Where a recorded note comes from: the regional record, or the gateway's outbox before delivery.</summary>
public enum NoteOrigin
{
    /// <summary>Read back from the regional record.</summary>
    Regional,

    /// <summary>Accepted by the gateway and not yet in the regional record.</summary>
    Outbox,
}

/// <summary>A note as some record holds it: its id and version there, and when it was recorded.</summary>
/// <param name="RegionalId">The regional record's id of the note (null while it is only in the outbox).</param>
/// <param name="Version">The version in the record that holds it, starting at 1.</param>
/// <param name="RecordedAt">When that version was recorded.</param>
/// <param name="Note">The note itself.</param>
public sealed record RecordedNote(string? RegionalId, int Version, DateTimeOffset RecordedAt, HslNote Note);

/// <summary>Filters and paging for a search of one patient's notes.</summary>
public sealed record NoteQuery
{
    /// <summary>The patient whose notes are wanted.</summary>
    public required Identifiers.PatientIdentifier Patient { get; init; }

    /// <summary>Earliest event time, inclusive.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Latest event time, exclusive.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only notes of this Inera type.</summary>
    public string? NoteType { get; init; }

    /// <summary>Only notes by this author.</summary>
    public string? AuthorHsaId { get; init; }

    /// <summary>Only notes held by this care provider.</summary>
    public string? CareProvider { get; init; }
}
