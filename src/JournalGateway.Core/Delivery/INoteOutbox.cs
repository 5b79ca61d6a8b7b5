using JournalGateway.Core.Identifiers;

namespace JournalGateway.Core.Delivery;

/// <summary>
/// The gateway's durable store of accepted notes and their delivery state (store-and-forward).
/// Implementations must have committed a note durably before <see cref="AcceptAsync"/> returns.
/// </summary>
public interface INoteOutbox
{
    /// <summary>Stores a new note (version 1) unless its idempotency key is known; then returns what is stored.</summary>
    Task<AcceptResult> AcceptAsync(AcceptedNote note, CancellationToken cancellationToken);

    /// <summary>Stores a new version of a known note if its current version is <paramref name="expectedVersion"/>.</summary>
    /// <returns>The result, or null when the current version differs (a concurrent change).</returns>
    Task<AcceptResult?> AppendVersionAsync(AcceptedNote next, int expectedVersion, CancellationToken cancellationToken);

    /// <summary>The version stored under an idempotency key, or null.</summary>
    Task<AcceptedNote?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>The latest (or the given) version of a note, or null.</summary>
    Task<AcceptedNote?> FindNoteAsync(string noteId, int? version, CancellationToken cancellationToken);

    /// <summary>The latest version of what was posted as a Bundle with this id, or null.</summary>
    Task<AcceptedNote?> FindSubmissionAsync(string submissionType, string submissionId, CancellationToken cancellationToken);

    /// <summary>All versions of a note, oldest first.</summary>
    Task<IReadOnlyList<AcceptedNote>> GetVersionsAsync(string noteId, CancellationToken cancellationToken);

    /// <summary>The latest version of each of a patient's notes that is not yet delivered (for read-your-writes).</summary>
    Task<IReadOnlyList<AcceptedNote>> FindUndeliveredAsync(PatientIdentifier patient, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> versions that are due (pending, or delivering with an expired lease),
    /// marking them delivering until <paramref name="leaseUntil"/>. Two callers never claim the same version.
    /// </summary>
    Task<IReadOnlyList<AcceptedNote>> ClaimDueAsync(int max, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Records a confirmed delivery.</summary>
    Task MarkDeliveredAsync(string noteId, int version, string regionalId, DateTimeOffset deliveredAt, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt: back to pending with a next attempt time, or to dead-letter.</summary>
    Task MarkFailedAsync(string noteId, int version, string error, DateTimeOffset nextAttemptAt, bool deadLetter, CancellationToken cancellationToken);

    /// <summary>Puts a dead letter back to pending, due now. Returns false when it is not a dead letter.</summary>
    Task<bool> RequeueAsync(string noteId, int version, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Versions in a state, oldest first, for operators.</summary>
    Task<IReadOnlyList<AcceptedNote>> ListByStateAsync(DeliveryState state, int max, CancellationToken cancellationToken);

    /// <summary>How many versions are in each state.</summary>
    Task<IReadOnlyDictionary<DeliveryState, long>> CountByStateAsync(CancellationToken cancellationToken);
}
