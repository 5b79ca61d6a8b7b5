using JournalGateway.Core.Delivery;
using JournalGateway.Core.Notes;

namespace JournalGateway.Notes;

/// <summary>One version of a note as a reader sees it, whether it came from the regional record or the outbox.</summary>
public sealed record NoteView(string Id, int Version, DateTimeOffset LastUpdated, HslNote Note, string DeliveryStatus)
{
    public static string StatusOf(DeliveryState state) => state switch
    {
        DeliveryState.Delivered => "delivered",
        DeliveryState.DeadLetter => "dead-letter",
        _ => "pending",
    };

    public static NoteView FromOutbox(AcceptedNote accepted) =>
        new(accepted.NoteId, accepted.Version, accepted.AcceptedAt, accepted.Note, StatusOf(accepted.State));

    public static NoteView FromRegion(RecordedNote recorded) => new(
        string.IsNullOrEmpty(recorded.Note.ExternalId)
            ? NoteIds.ForRegionalNote(recorded.RegionalId ?? string.Empty)
            : NoteIds.NoteIdFor(recorded.Note.ExternalId),
        recorded.Version,
        recorded.RecordedAt,
        recorded.Note,
        "delivered");
}
