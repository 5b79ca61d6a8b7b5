namespace JournalGateway.Core.Notes;

/// <summary>
/// The port every regional-record adapter implements (Cosmic-like store, Millennium, any FHIR upstream).
/// Every write carries the note's idempotency key, so a retried or repeated call never makes a second note.
/// </summary>
public interface IRegionalRecord
{
    /// <summary>Writes one note version; returns the regional id and version, whether new or already there.</summary>
    /// <exception cref="RegionalRecordUnavailableException">The record could not be reached or answered with a transient fault.</exception>
    /// <exception cref="RegionalRecordRejectedException">The record refused the note for a reason a retry will not fix.</exception>
    Task<RecordedNote> SubmitNoteAsync(HslNote note, string idempotencyKey, string? supersedesRegionalId, CancellationToken cancellationToken);

    /// <summary>All of one patient's notes that match, newest first.</summary>
    Task<IReadOnlyList<RecordedNote>> SearchNotesAsync(NoteQuery query, CancellationToken cancellationToken);

    /// <summary>One note by its regional id, or null.</summary>
    Task<RecordedNote?> GetNoteAsync(string regionalId, CancellationToken cancellationToken);

    /// <summary>Every version of one note, oldest first; empty when unknown.</summary>
    Task<IReadOnlyList<RecordedNote>> GetNoteVersionsAsync(string regionalId, CancellationToken cancellationToken);
}

/// <summary>The regional record is unreachable, too slow or answered with a transient fault; try again later.</summary>
public sealed class RegionalRecordUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The regional record refused the request for a reason a retry will not fix.</summary>
public sealed class RegionalRecordRejectedException(string message) : Exception(message);
