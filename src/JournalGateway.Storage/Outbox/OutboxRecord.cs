using JournalGateway.Core.Delivery;

namespace JournalGateway.Storage.Outbox;

/// <summary>One outbox row as both engines hand it over, after their own type conversions.</summary>
internal readonly record struct OutboxRecord(
    string NoteId,
    int Version,
    string IdempotencyKey,
    string SubmissionType,
    string SubmissionId,
    int SchemaVersion,
    string NoteJson,
    string Representation,
    DateTimeOffset AcceptedAt,
    string State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? LastError,
    string? RegionalId,
    DateTimeOffset? DeliveredAt)
{
    public AcceptedNote ToAcceptedNote() => new()
    {
        NoteId = NoteId,
        Version = Version,
        SubmissionType = SubmissionType,
        SubmissionId = SubmissionId,
        IdempotencyKey = IdempotencyKey,
        Note = Outbox.NoteJson.Deserialize(NoteJson, SchemaVersion),
        Representation = Representation,
        AcceptedAt = AcceptedAt,
        State = OutboxCodes.ToState(State),
        Attempts = Attempts,
        NextAttemptAt = NextAttemptAt,
        LastError = LastError,
        RegionalId = RegionalId,
        DeliveredAt = DeliveredAt,
    };
}

internal static class OutboxGuards
{
    public static void ForAccept(AcceptedNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        if (note.Version != 1)
        {
            throw new ArgumentException("AcceptAsync stores version 1; amendments go through AppendVersionAsync.", nameof(note));
        }

        NotLeased(note);
    }

    public static void ForAppend(AcceptedNote next, int expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (next.Version != expectedVersion + 1)
        {
            throw new ArgumentException($"The next version must be {expectedVersion + 1} when the current one is {expectedVersion}.", nameof(next));
        }

        NotLeased(next);
    }

    // Only ClaimDueAsync may make a version delivering: it alone sets the lease that lets another instance
    // take over after a crash. Stored as delivering without one, a version would never be claimed again.
    private static void NotLeased(AcceptedNote note)
    {
        if (note.State == DeliveryState.Delivering)
        {
            throw new ArgumentException("A new version cannot be stored as delivering; ClaimDueAsync leases it.", nameof(note));
        }
    }

    public static void ForClaim(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
    }
}
