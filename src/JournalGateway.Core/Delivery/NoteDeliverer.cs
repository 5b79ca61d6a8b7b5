using JournalGateway.Core.Notes;

namespace JournalGateway.Core.Delivery;

/// <summary>The result of one delivery attempt, for whoever waits on it.</summary>
/// <param name="NoteId">The note.</param>
/// <param name="Version">The version attempted.</param>
/// <param name="State">Where it stands after the attempt.</param>
public sealed record DeliveryAttempt(string NoteId, int Version, DeliveryState State)
{
    /// <summary>When the gateway accepted the version (for delivery latency).</summary>
    public DateTimeOffset AcceptedAt { get; init; }

    /// <summary>When the attempt finished.</summary>
    public DateTimeOffset FinishedAt { get; init; }
}

/// <summary>
/// Store-and-forward: claims due note versions from the outbox and hands them to the regional record.
/// Exactly-once effect comes from the pair: every submit carries the idempotency key, and the record deduplicates by it,
/// so a crash between "the record accepted" and "marked delivered" only causes a harmless repeat.
/// </summary>
public sealed class NoteDeliverer(INoteOutbox outbox, IRegionalRecord region, TimeProvider time, DeliveryPolicy policy)
{
    /// <summary>Raised after every attempt (delivered, failed or dead-lettered).</summary>
    public event Action<DeliveryAttempt>? Attempted;

    /// <summary>Claims one batch of due versions and attempts each; returns how many were claimed.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimed = await outbox.ClaimDueAsync(policy.BatchSize, now, now + policy.Lease, cancellationToken);
        await Parallel.ForEachAsync(
            claimed,
            new ParallelOptions { MaxDegreeOfParallelism = policy.MaxParallel, CancellationToken = cancellationToken },
            async (note, ct) => Attempted?.Invoke(await DeliverOneAsync(note, ct)));
        return claimed.Count;
    }

    private async Task<DeliveryAttempt> DeliverOneAsync(AcceptedNote note, CancellationToken cancellationToken)
    {
        try
        {
            string? supersedes = null;
            if (note.Version > 1)
            {
                var previous = await outbox.FindNoteAsync(note.NoteId, note.Version - 1, cancellationToken);
                if (previous?.RegionalId is null)
                {
                    // An amendment goes after the version it amends; try again once that one is in.
                    return await FailAsync(note, "waiting for the previous version", deadLetter: false, cancellationToken);
                }

                supersedes = previous.RegionalId;
            }

            var recorded = await region.SubmitNoteAsync(note.Note, note.IdempotencyKey, supersedes, cancellationToken);
            var deliveredAt = time.GetUtcNow();
            await outbox.MarkDeliveredAsync(note.NoteId, note.Version, recorded.RegionalId ?? string.Empty, deliveredAt, CancellationToken.None);
            return new DeliveryAttempt(note.NoteId, note.Version, DeliveryState.Delivered) { AcceptedAt = note.AcceptedAt, FinishedAt = deliveredAt };
        }
        catch (RegionalRecordRejectedException rejected)
        {
            return await FailAsync(note, rejected.Message, deadLetter: true, cancellationToken);
        }
        catch (RegionalRecordUnavailableException unavailable)
        {
            return await FailAsync(note, unavailable.Message, deadLetter: false, cancellationToken);
        }
    }

    private async Task<DeliveryAttempt> FailAsync(AcceptedNote note, string error, bool deadLetter, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var next = policy.NextAttempt(now, note.Attempts + 1, Random.Shared);
        await outbox.MarkFailedAsync(note.NoteId, note.Version, error, next, deadLetter, cancellationToken);
        return new DeliveryAttempt(note.NoteId, note.Version, deadLetter ? DeliveryState.DeadLetter : DeliveryState.Pending)
        {
            AcceptedAt = note.AcceptedAt,
            FinishedAt = now,
        };
    }
}
