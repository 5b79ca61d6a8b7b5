using Microsoft.AspNetCore.Http.HttpResults;
using RegionalStore.Faults;
using RegionalStore.JournalNotes;
using RegionalStore.Shared;

namespace RegionalStore.ExternalDocuments;

internal static class ExternalDocumentsApi
{
    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapExternalDocumentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("ExternalDocuments");
        api.MapPost("/external-documents", PostDocument);
        api.MapGet("/external-documents/{documentId}", GetDocument);
        api.MapGet("/patients/{patientId}/external-documents", SearchDocuments);
        return app;
    }

    internal static async Task<Results<Created<ExternalDocumentView>, Ok<ExternalDocumentView>, ProblemHttpResult>> PostDocument(
        HttpContext context, ExternalDocumentRepository documents, CancellationToken cancellationToken)
    {
        var json = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (json.Problem is not null)
        {
            return json.Problem;
        }

        // Checked on the raw JSON: the typed model would silently drop such a field.
        var content = new Validation();
        ExternalDocumentValidator.RejectContent(json.Value, "", content);
        if (!content.IsValid)
        {
            return Problems.Validation(content.Errors());
        }

        var body = JsonBody.Bind<ExternalDocumentWrite>(json.Value!, context);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (document, validation) = ExternalDocumentValidator.Validate(body.Value!);
        if (document is null)
        {
            return Problems.Validation(validation.Errors());
        }

        var result = await documents.WriteAsync(document, cancellationToken);
        if (!result.Created)
        {
            return TypedResults.Ok(result.Document);
        }

        FaultInjection.MarkWritten(context);
        return TypedResults.Created(
            $"/api/v1/external-documents/{Uri.EscapeDataString(result.Document.DocumentId)}", result.Document);
    }

    internal static async Task<Results<Ok<ExternalDocumentView>, ProblemHttpResult>> GetDocument(
        string documentId, ExternalDocumentRepository documents, CancellationToken cancellationToken)
    {
        var document = await documents.GetAsync(documentId, cancellationToken);
        return document is null ? Problems.NotFound("No such external document.") : TypedResults.Ok(document);
    }

    /// <summary>A search answers with an ETag of the patient's links (<see cref="ListTags"/>); 304 while it still holds.</summary>
    internal static async Task<Results<Ok<ItemPage<ExternalDocumentView>>, ProblemHttpResult, StatusCodeHttpResult>> SearchDocuments(
        HttpContext context,
        string patientId,
        string? from,
        string? to,
        string? careProvider,
        int? page,
        int? pageSize,
        ExternalDocumentRepository documents,
        CancellationToken cancellationToken)
    {
        var query = PageQuery.Parse(from, to, page, pageSize, MaxPageSize);
        if (query.Problem is not null)
        {
            return query.Problem;
        }

        if (ListTags.AlreadyHeld(context, await documents.PatientTagAsync(patientId, cancellationToken)))
        {
            return ListTags.NotModified();
        }

        var filter = new ExternalDocumentFilter(patientId, query.From, query.To,
            string.IsNullOrWhiteSpace(careProvider) ? null : careProvider, query.Page, query.PageSize);
        return TypedResults.Ok(await documents.SearchAsync(filter, cancellationToken));
    }
}
