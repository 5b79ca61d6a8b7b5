using JournalGateway.Core.References;

namespace JournalGateway.Adapters.Cosmic;

/// <summary>SoL/LSS references as the store's external document links.</summary>
public sealed partial class CosmicClient : ISocialCareReferences
{
    public async Task<RecordedSolReference> SubmitReferenceAsync(SolReference reference, string idempotencyKey,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);

        var body = CosmicNoteMapping.ToWrite(reference, idempotencyKey);
        var view = await SendAsync<CosmicDocumentView>(HttpMethod.Post, "api/v1/external-documents", body,
            "writing a SoL reference", notFoundIsEmpty: false, cancellationToken);
        return Map(view!, CosmicNoteMapping.ToRecordedReference);
    }

    public async Task<IReadOnlyList<RecordedSolReference>> SearchReferencesAsync(SolReferenceQuery query,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);

        var path = $"api/v1/patients/{Uri.EscapeDataString(query.Patient.Value)}/external-documents";
        var views = await ReadAllPagesAsync<CosmicDocumentView>(path, query.From, query.To,
            [("careProvider", query.CareProvider)], "searching SoL references", v => v.DocumentId, cancellationToken);
        return views.Select(v => Map(v, CosmicNoteMapping.ToRecordedReference))
            .Where(r => r.Reference.Patient == query.Patient)
            .ToList();
    }

    public async Task<RecordedSolReference?> GetReferenceAsync(string regionalId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(regionalId);

        var view = await SendAsync<CosmicDocumentView>(HttpMethod.Get,
            $"api/v1/external-documents/{Uri.EscapeDataString(regionalId)}", null, "reading a SoL reference",
            notFoundIsEmpty: true, cancellationToken);
        return view is null ? null : Map(view, CosmicNoteMapping.ToRecordedReference);
    }
}
