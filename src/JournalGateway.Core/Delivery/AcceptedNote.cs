using JournalGateway.Core.Notes;

namespace JournalGateway.Core.Delivery;

/// <summary>How far a note version has come on its way to the regional record.</summary>
public enum DeliveryState
{
    /// <summary>Stored by the gateway, waiting for (another) delivery attempt.</summary>
    Pending,

    /// <summary>Claimed by one gateway instance under a lease; another instance may take it once the lease runs out.</summary>
    Delivering,

    /// <summary>In the regional record.</summary>
    Delivered,

    /// <summary>Refused for a reason a retry will not fix; waits for an operator.</summary>
    DeadLetter,
}

/// <summary>
/// One version of a note the gateway has accepted: durable from the moment it is stored, delivered later.
/// </summary>
public sealed record AcceptedNote
{
    /// <summary>The gateway's id of the note (the Composition id); stable across versions.</summary>
    public required string NoteId { get; init; }

    /// <summary>The version, starting at 1; an amendment adds one.</summary>
    public required int Version { get; init; }

    /// <summary>What the writer posted: <c>Bundle</c> (a document) or <c>Composition</c>.</summary>
    public required string SubmissionType { get; init; }

    /// <summary>The id of what the writer posted (the Bundle id for a document, else the note id).</summary>
    public required string SubmissionId { get; init; }

    /// <summary>The writer's idempotency key (<c>system|value</c> of Bundle.identifier or Composition.identifier), per version.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>The note in domain terms, as it will be delivered.</summary>
    public required HslNote Note { get; init; }

    /// <summary>The stored resource as the gateway serves it back (FHIR JSON); opaque to the core.</summary>
    public required string Representation { get; init; }

    /// <summary>When the gateway stored this version.</summary>
    public required DateTimeOffset AcceptedAt { get; init; }

    /// <summary>Delivery state.</summary>
    public DeliveryState State { get; init; } = DeliveryState.Pending;

    /// <summary>Delivery attempts made so far.</summary>
    public int Attempts { get; init; }

    /// <summary>Earliest time of the next attempt.</summary>
    public DateTimeOffset NextAttemptAt { get; init; }

    /// <summary>The last failure, without personal data.</summary>
    public string? LastError { get; init; }

    /// <summary>The regional record's id once delivered.</summary>
    public string? RegionalId { get; init; }

    /// <summary>When the regional record confirmed it.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }
}

/// <summary>The result of storing a note: the stored version, and whether this call created it.</summary>
/// <param name="Stored">What is stored under the key now.</param>
/// <param name="Created">False when the key was already known (an idempotent repeat).</param>
public sealed record AcceptResult(AcceptedNote Stored, bool Created);
