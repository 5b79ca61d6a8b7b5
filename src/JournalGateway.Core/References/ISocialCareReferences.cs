namespace JournalGateway.Core.References;

/// <summary>
/// The port through which SoL/LSS references reach and are read from the shared record. Every write carries the
/// reference's idempotency key, so a retried or repeated call never makes a second reference.
/// </summary>
public interface ISocialCareReferences
{
    /// <summary>Writes one reference; returns it as recorded, whether new or already there.</summary>
    /// <exception cref="Notes.RegionalRecordUnavailableException">The record could not be reached or answered with a transient fault.</exception>
    /// <exception cref="Notes.RegionalRecordRejectedException">The record refused the reference for a reason a retry will not fix.</exception>
    Task<RecordedSolReference> SubmitReferenceAsync(SolReference reference, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>All of one patient's references that match, newest first.</summary>
    Task<IReadOnlyList<RecordedSolReference>> SearchReferencesAsync(SolReferenceQuery query, CancellationToken cancellationToken);

    /// <summary>One reference by its id in the record, or null.</summary>
    Task<RecordedSolReference?> GetReferenceAsync(string regionalId, CancellationToken cancellationToken);
}
