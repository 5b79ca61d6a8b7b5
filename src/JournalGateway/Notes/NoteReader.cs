using JournalGateway.Core.Delivery;
using JournalGateway.Core.Notes;

namespace JournalGateway.Notes;

/// <summary>
/// The read path's data side: notes from the regional record, plus what the gateway accepted and has not yet delivered
/// (so a writer always reads its own writes). Access rules filter what this returns before anything is shown.
/// </summary>
public sealed class NoteReader(IRegionalRecord region, INoteOutbox outbox)
{
    /// <summary>Every matching note of the patient, newest first (or oldest first when <paramref name="ascending"/>).</summary>
    public async Task<IReadOnlyList<NoteView>> SearchAsync(NoteQuery query, bool ascending, CancellationToken cancellationToken)
    {
        var regional = region.SearchNotesAsync(query, cancellationToken);
        var undelivered = outbox.FindUndeliveredAsync(query.Patient, cancellationToken);

        var byId = new Dictionary<string, NoteView>(StringComparer.Ordinal);
        foreach (var recorded in await regional)
        {
            var view = NoteView.FromRegion(recorded);
            byId[view.Id] = view;
        }

        // An undelivered version wins over what the region holds only when it is newer (a pending amendment).
        foreach (var accepted in await undelivered)
        {
            if (!Matches(accepted.Note, query))
            {
                continue;
            }

            if (!byId.TryGetValue(accepted.NoteId, out var existing) || existing.Version < accepted.Version)
            {
                byId[accepted.NoteId] = NoteView.FromOutbox(accepted);
            }
        }

        var ordered = ascending
            ? byId.Values.OrderBy(v => v.Note.EventTime).ThenBy(v => v.Id, StringComparer.Ordinal)
            : byId.Values.OrderByDescending(v => v.Note.EventTime).ThenByDescending(v => v.Id, StringComparer.Ordinal);
        return [.. ordered];
    }

    /// <summary>The latest (or the given) version of a note, or null.</summary>
    public async Task<NoteView?> ReadAsync(string id, int? version, CancellationToken cancellationToken)
    {
        var history = await HistoryAsync(id, cancellationToken);
        return version is null ? history.LastOrDefault() : history.FirstOrDefault(v => v.Version == version);
    }

    /// <summary>Every version of a note, oldest first; empty when unknown.</summary>
    public async Task<IReadOnlyList<NoteView>> HistoryAsync(string id, CancellationToken cancellationToken)
    {
        if (NoteIds.TryGetRegionalId(id, out var regionalId))
        {
            return [.. (await region.GetNoteVersionsAsync(regionalId, cancellationToken)).Select(NoteView.FromRegion)];
        }

        var accepted = await outbox.GetVersionsAsync(id, cancellationToken);
        if (accepted.Count == 0)
        {
            return [];
        }

        // Delivered versions are read back from the regional record, the source of truth once there.
        var delivered = accepted.LastOrDefault(a => a.State == DeliveryState.Delivered && !string.IsNullOrEmpty(a.RegionalId));
        var regional = delivered is null
            ? []
            : (await region.GetNoteVersionsAsync(delivered.RegionalId!, cancellationToken)).Select(NoteView.FromRegion)
                .ToDictionary(v => v.Version);
        return [.. accepted.Select(a => regional.TryGetValue(a.Version, out var fromRegion) && a.State == DeliveryState.Delivered
            ? fromRegion with { Id = a.NoteId }
            : NoteView.FromOutbox(a))];
    }

    private static bool Matches(HslNote note, NoteQuery query) =>
        (query.From is null || note.EventTime >= query.From)
        && (query.To is null || note.EventTime < query.To)
        && (query.NoteType is null || note.NoteType == query.NoteType)
        && (query.AuthorHsaId is null || note.Author.HsaId.Value == query.AuthorHsaId)
        && (query.CareProvider is null || note.CareProvider.Value == query.CareProvider);
}
