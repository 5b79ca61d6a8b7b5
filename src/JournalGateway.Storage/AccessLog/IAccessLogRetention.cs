namespace JournalGateway.Storage.AccessLog;

/// <summary>
/// The chain's head and anchor as the store keeps them.
/// </summary>
/// <param name="LastSequence">The sequence of the newest entry ever appended (0 before the first).</param>
/// <param name="LastHash">Its hash (64 zeros before the first): cutting off the newest entries shows against it.</param>
/// <param name="AnchorSequence">The last pruned entry's sequence (0 before any pruning); the log holds the entries after it.</param>
/// <param name="AnchorHash">The last pruned entry's hash: the previous hash of the oldest entry kept.</param>
public sealed record AccessLogHead(long LastSequence, string LastHash, long AnchorSequence, string AnchorHash);

/// <summary>
/// Retention of the access log: the one way entries ever leave it. Kept apart from <c>IAccessLog</c>, which has no
/// delete, so that only the host's retention job is given it.
/// </summary>
public interface IAccessLogRetention
{
    /// <summary>
    /// Deletes the oldest entries whose time is before <paramref name="olderThan"/>: the longest run from the oldest
    /// entry kept whose times are all before the cut-off (an older-looking entry after a newer one stays, so the log
    /// stays one unbroken run). The hash and sequence of the last entry deleted become the chain's anchor in the same
    /// transaction, so the rest still verifies. The database refuses deletes outside this transaction.
    /// </summary>
    /// <returns>How many entries were deleted.</returns>
    Task<long> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);

    /// <summary>The chain's head and anchor as committed now.</summary>
    Task<AccessLogHead> ReadHeadAsync(CancellationToken cancellationToken);
}
