using JournalGateway.Core.Access;
using JournalGateway.Core.Identifiers;

namespace JournalGateway.Core.AccessLog;

/// <summary>
/// The append-only, tamper-evident access log (åtkomstlogg). There is no update and no delete.
/// </summary>
public interface IAccessLog
{
    /// <summary>
    /// Appends entries in the given order. Atomically with respect to every other writer (several gateway instances
    /// may share one store), the store assigns each entry the next <see cref="AccessLogEntry.Sequence"/> and chains it:
    /// <see cref="AccessLogEntry.PreviousHash"/> is the hash of the entry before it and <see cref="AccessLogEntry.Hash"/>
    /// is <see cref="AccessLogChain.ComputeHash"/>. Sequence, previous hash and hash given by the caller are ignored.
    /// The entries must be durably committed, all or none, before the returned task completes: a response is sent only
    /// after its access is logged.
    /// </summary>
    /// <returns>The entries as stored, with sequence and hashes.</returns>
    Task<IReadOnlyList<AccessLogEntry>> AppendAsync(IReadOnlyList<AccessLogEntry> entriesWithoutHash, CancellationToken cancellationToken);

    /// <summary>
    /// Entries for follow-up and for a patient's extract, newest first: those of <paramref name="patient"/> (exact
    /// identifier) with <see cref="AccessLogEntry.Time"/> in [<paramref name="from"/>, <paramref name="to"/>) and the
    /// given <paramref name="purpose"/>; a null filter matches everything. At most <paramref name="max"/> entries.
    /// </summary>
    Task<IReadOnlyList<AccessLogEntry>> QueryAsync(
        PatientIdentifier? patient,
        DateTimeOffset? from,
        DateTimeOffset? to,
        PurposeOfUse? purpose,
        int max,
        CancellationToken cancellationToken);

    /// <summary>
    /// Entries in sequence order starting at <paramref name="fromSequence"/>, at most <paramref name="max"/>, exactly as
    /// stored, for <see cref="AccessLogChain.Verify"/>.
    /// </summary>
    Task<IReadOnlyList<AccessLogEntry>> ReadChainAsync(long fromSequence, int max, CancellationToken cancellationToken);
}
