using System.Globalization;
using JournalGateway.Core.AccessLog;

namespace JournalGateway.Storage.AccessLog;

/// <summary>
/// Verifies the whole stored chain: from the anchor (the last pruned entry, or the genesis hash) through every entry,
/// read in pages with <see cref="IAccessLog.ReadChainAsync"/> and checked with <see cref="AccessLogChain.Verify"/>,
/// up to the head. Changing, removing, reordering or cutting off entries shows as the first broken link.
/// </summary>
public sealed class AccessLogVerifier(IAccessLog log, IAccessLogRetention chain)
{
    /// <summary>Entries read per page.</summary>
    public const int PageSize = 1_000;

    /// <summary>
    /// Checks the chain as committed when the call starts (entries appended meanwhile are not required). A prune that
    /// commits while this runs moves the anchor; the check then starts again from the new anchor.
    /// </summary>
    /// <returns>The first broken link, or null when the chain is intact.</returns>
    public async Task<ChainBreak?> VerifyChainAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var head = await chain.ReadHeadAsync(cancellationToken);
            var broken = await VerifyAsync(head, cancellationToken);
            if (broken is null || attempt == 3)
            {
                return broken;
            }

            var now = await chain.ReadHeadAsync(cancellationToken);
            if (now.AnchorSequence == head.AnchorSequence)
            {
                return broken;
            }
        }
    }

    private async Task<ChainBreak?> VerifyAsync(AccessLogHead head, CancellationToken cancellationToken)
    {
        var expected = head.AnchorSequence + 1;
        var previousHash = head.AnchorHash;
        while (expected <= head.LastSequence)
        {
            var page = await log.ReadChainAsync(expected, (int)Math.Min(PageSize, head.LastSequence - expected + 1), cancellationToken);
            if (page.Count == 0)
            {
                return new ChainBreak(expected, ChainBreakKind.SequenceGap, Invariant(
                    $"The head says the log ends at sequence {head.LastSequence}, but it ends before {expected}: {head.LastSequence - expected + 1} newest entries missing."));
            }

            // Verify checks a page's inside; where pages meet, the sequence is checked here and the hash through the anchor.
            if (page[0].Sequence != expected)
            {
                return new ChainBreak(page[0].Sequence, ChainBreakKind.SequenceGap, Invariant(
                    $"Expected sequence {expected}, found {page[0].Sequence}: {page[0].Sequence - expected} entries missing."));
            }

            if (AccessLogChain.Verify(page, previousHash) is { } broken)
            {
                return broken;
            }

            expected = page[^1].Sequence + 1;
            previousHash = page[^1].Hash!;
        }

        // The head's hash must be the newest entry's: otherwise the newest entry was replaced after the head moved.
        if (head.LastSequence > head.AnchorSequence && !string.Equals(previousHash, head.LastHash, StringComparison.Ordinal))
        {
            return new ChainBreak(head.LastSequence, ChainBreakKind.ContentAltered, "The newest entry's hash is not the hash the head recorded.");
        }

        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
