using Microsoft.AspNetCore.Http.HttpResults;
using RegionalStore.Faults;
using RegionalStore.Shared;

namespace RegionalStore.JournalNotes;

internal static class JournalNotesApi
{
    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapJournalNotesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("JournalNotes");
        api.MapPost("/journal-notes", PostNote);
        api.MapGet("/journal-notes/{noteId}", GetNote);
        api.MapGet("/journal-notes/{noteId}/versions", GetVersions);
        api.MapGet("/patients/{patientId}/journal-notes", SearchNotes);
        return app;
    }

    internal static async Task<Results<Created<JournalNoteView>, Ok<JournalNoteView>, ProblemHttpResult>> PostNote(
        HttpContext context, JournalNoteRepository notes, CancellationToken cancellationToken)
    {
        var json = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (json.Problem is not null)
        {
            return json.Problem;
        }

        var body = JsonBody.Bind<JournalNoteWrite>(json.Value!, context);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (note, validation) = JournalNoteValidator.Validate(body.Value!);
        if (note is null)
        {
            return Problems.Validation(validation.Errors());
        }

        var result = await notes.WriteAsync(note, cancellationToken);
        switch (result.Outcome)
        {
            case WriteOutcome.Created:
                FaultInjection.MarkWritten(context);
                return TypedResults.Created($"/api/v1/journal-notes/{Uri.EscapeDataString(result.Note!.NoteId)}", result.Note);
            case WriteOutcome.AlreadyStored:
                return TypedResults.Ok(result.Note!);
            case WriteOutcome.UnknownNote:
                return Problems.NotFound("The note named by supersedes does not exist.");
            default:
                return Problems.Validation(new Dictionary<string, string[]>
                {
                    ["supersedes"] = ["a new version must be about the same patient as the note it supersedes."],
                });
        }
    }

    internal static async Task<Results<Ok<JournalNoteView>, ProblemHttpResult>> GetNote(
        string noteId, JournalNoteRepository notes, CancellationToken cancellationToken)
    {
        var note = await notes.GetLatestAsync(noteId, cancellationToken);
        return note is null ? Problems.NotFound("No such note.") : TypedResults.Ok(note);
    }

    /// <summary>The versions, with an ETag of the list (<see cref="ListTags"/>); 304 while it still holds.</summary>
    internal static async Task<Results<Ok<VersionList<JournalNoteView>>, ProblemHttpResult, StatusCodeHttpResult>> GetVersions(
        HttpContext context, string noteId, JournalNoteRepository notes, CancellationToken cancellationToken)
    {
        if (await notes.VersionsTagAsync(noteId, cancellationToken) is { } tag && ListTags.AlreadyHeld(context, tag))
        {
            return ListTags.NotModified();
        }

        var versions = await notes.GetVersionsAsync(noteId, cancellationToken);
        return versions.Count == 0
            ? Problems.NotFound("No such note.")
            : TypedResults.Ok(new VersionList<JournalNoteView>(versions));
    }

    /// <summary>A search answers with an ETag of the patient's notes (<see cref="ListTags"/>); 304 while it still holds.</summary>
    internal static async Task<Results<Ok<ItemPage<JournalNoteView>>, ProblemHttpResult, StatusCodeHttpResult>> SearchNotes(
        HttpContext context,
        string patientId,
        string? from,
        string? to,
        string? careProvider,
        string? noteType,
        string? author,
        int? page,
        int? pageSize,
        JournalNoteRepository notes,
        CancellationToken cancellationToken)
    {
        var query = PageQuery.Parse(from, to, page, pageSize, MaxPageSize);
        if (query.Problem is not null)
        {
            return query.Problem;
        }

        if (ListTags.AlreadyHeld(context, await notes.PatientTagAsync(patientId, cancellationToken)))
        {
            return ListTags.NotModified();
        }

        var filter = new JournalNoteFilter(patientId, query.From, query.To, Blank(careProvider), Blank(noteType),
            Blank(author), query.Page, query.PageSize);
        return TypedResults.Ok(await notes.SearchAsync(filter, cancellationToken));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
