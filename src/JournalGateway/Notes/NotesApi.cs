using Hl7.Fhir.Model;
using JournalGateway.Access;
using JournalGateway.Auth;
using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Conformance;
using JournalGateway.Core.Delivery;
using JournalGateway.Core.Notes;
using JournalGateway.Errors;
using JournalGateway.Fhir;
using JournalGateway.Fhir.Mapping;

namespace JournalGateway.Notes;

/// <summary>HSL notes over FHIR: document Bundles and Compositions in, Compositions out.</summary>
public static class NotesApi
{
    private static readonly string[] SearchParameters = ["patient.identifier", "date", "type", "author"];
    private static readonly string[] Sortable = ["date", "-date"];

    public static IEndpointRouteBuilder MapNotesApi(this IEndpointRouteBuilder fhir)
    {
        var bundles = fhir.MapGroup("/Bundle");
        bundles.MapPost("/", PostDocument).RequireScope("Composition", 'c').Implements("Bundle", "create");
        bundles.MapGet("/{id}", ReadDocument).RequireScope("Composition", 'r').Implements("Bundle", "read");
        bundles.MapGet("/{id}/_history/{vid:int}", ReadDocumentVersion).RequireScope("Composition", 'r').Implements("Bundle", "vread");
        bundles.MapDelete("/{id}", NotDeletable);

        var compositions = fhir.MapGroup("/Composition");
        compositions.MapPost("/", PostComposition).RequireScope("Composition", 'c').Implements("Composition", "create");
        compositions.MapGet("/", Search).RequireScope("Composition", 's').Implements("Composition", "search-type")
            .Searches(
                new FhirSearchParameter("patient.identifier", "token", "The patient's personnummer, samordningsnummer or reservnummer as system|value (required)."),
                new FhirSearchParameter("date", "date", "The note's event time; prefixes eq, ge, gt, le, lt."),
                new FhirSearchParameter("type", "token", "The Inera note type, system|code or code."),
                new FhirSearchParameter("author", "reference", "The author's HSA-id, system|value or value."));
        compositions.MapGet("/{id}", Read).RequireScope("Composition", 'r').Implements("Composition", "read");
        compositions.MapGet("/{id}/_history", History).RequireScope("Composition", 'r').Implements("Composition", "history-instance");
        compositions.MapGet("/{id}/_history/{vid:int}", ReadVersion).RequireScope("Composition", 'r').Implements("Composition", "vread");
        compositions.MapDelete("/{id}", NotDeletable);
        return fhir;
    }

    private static async Task<IResult> PostDocument(HttpContext http, FhirRequestBody body, NoteWriter writer, INoteOutbox outbox, PatientAccess access, CancellationToken ct)
    {
        var bundle = await FindIfNoneExist(http.Request, outbox, ct) ?? await body.ReadAsync<Bundle>(http.Request, ct);
        var outcome = await writer.AcceptDocumentAsync(bundle, http.Caller(), LogWrite(http, access, ct), ct);
        return WriteAnswer(http.Request, outcome);
    }

    private static async Task<IResult> PostComposition(HttpContext http, FhirRequestBody body, NoteWriter writer, PatientAccess access, CancellationToken ct)
    {
        var composition = await body.ReadAsync<Composition>(http.Request, ct);
        var outcome = await writer.AcceptCompositionAsync(composition, http.Caller(), LogWrite(http, access, ct), ct);
        return WriteAnswer(http.Request, outcome);
    }

    /// <summary>
    /// Writes are accesses too, and the usage figures count them. Logged once the note is stored (a repeat stores
    /// nothing and is not logged again), while the write waits for its delivery: should the log fail, the 503 makes
    /// the writer repeat, and the repeat finds the stored note by its key.
    /// </summary>
    private static Func<AcceptedNote, Task> LogWrite(HttpContext http, PatientAccess access, CancellationToken ct) =>
        stored => access.RecordAccessAsync(http, AccessAction.Create, stored.Note.Patient, [$"Composition/{stored.NoteId}/_history/{stored.Version}"], ct);

    private static async Task<IResult> ReadDocument(string id, HttpContext http, INoteOutbox outbox, FhirSerialization serialization, PatientAccess access, CancellationToken ct)
    {
        var stored = await outbox.FindSubmissionAsync("Bundle", id, ct) ?? throw FhirProblem.NotFound($"Bundle/{id} is not known.");
        var view = NoteView.FromOutbox(stored);
        await RequireAllowedAsync(http, access, AccessAction.Read, view, ct);
        var bundle = serialization.FromJson<Bundle>(stored.Representation);
        var status = NoteView.StatusOf(stored.State);
        CompositionMapping.SetDeliveryTag(bundle.Entry[0].Resource!, status);
        return new FhirResult(StatusCodes.Status200OK, bundle).WithVersionHeaders(bundle).WithHeader("X-Delivery-Status", status);
    }

    private static Task<IResult> ReadDocumentVersion(string id, int vid, HttpContext http, INoteOutbox outbox, FhirSerialization serialization, PatientAccess access, CancellationToken ct) =>
        vid == 1 ? ReadDocument(id, http, outbox, serialization, access, ct) : throw FhirProblem.NotFound($"Bundle/{id} has no version {vid}.");

    private static async Task<IResult> Search(HttpContext http, NoteReader reader, PatientAccess access, CompositionJsonCache compositions, CancellationToken ct)
    {
        var request = http.Request;
        var search = SearchRequest.Parse(request, SearchParameters, Sortable);
        var patientParameter = request.Query["patient.identifier"].ToString();
        if (patientParameter.Length == 0)
        {
            throw FhirProblem.Malformed("Search notes by patient: patient.identifier=system|value is required.", "patient.identifier");
        }

        var (system, value) = SplitToken(patientParameter);
        var (from, to) = DateSearch.Parse(request.Query["date"]);
        var query = new NoteQuery
        {
            Patient = NoteMapping.ToPatientIdentifier(system, value, "patient.identifier"),
            From = from,
            To = to,
            NoteType = request.Query["type"].ToString() is { Length: > 0 } type ? SplitToken(type).Value : null,
            AuthorHsaId = request.Query["author"].ToString() is { Length: > 0 } author ? SplitToken(author).Value : null,
        };

        var notes = await reader.SearchAsync(query, ascending: search.Sort == "date", ct);
        var filtered = await access.FilterAsync(http, AccessAction.Search, query.Patient, notes, DataItemOf, ReferenceOf, ct);
        var baseUrl = FhirBaseUrl.Of(request);
        return search.ToResult(filtered.Allowed, view => $"{baseUrl}/Composition/{view.Id}", ToComposition, compositions.JsonOf, WithheldOutcome(filtered));
    }

    private static async Task<IResult> Read(string id, HttpContext http, NoteReader reader, PatientAccess access, CancellationToken ct)
    {
        var view = await reader.ReadAsync(id, null, ct) ?? throw FhirProblem.NotFound($"Composition/{id} is not known.");
        await RequireAllowedAsync(http, access, AccessAction.Read, view, ct);
        return ResourceAnswer(view);
    }

    private static async Task<IResult> ReadVersion(string id, int vid, HttpContext http, NoteReader reader, PatientAccess access, CancellationToken ct)
    {
        var view = await reader.ReadAsync(id, vid, ct) ?? throw FhirProblem.NotFound($"Composition/{id} has no version {vid}.");
        await RequireAllowedAsync(http, access, AccessAction.VRead, view, ct);
        return ResourceAnswer(view);
    }

    private static async Task<IResult> History(string id, HttpContext http, NoteReader reader, PatientAccess access, TimeProvider time, CancellationToken ct)
    {
        var request = http.Request;
        var all = await reader.HistoryAsync(id, ct);
        if (all.Count == 0)
        {
            throw FhirProblem.NotFound($"Composition/{id} is not known.");
        }

        var filtered = await access.FilterAsync(http, AccessAction.History, all[^1].Note.Patient, all, DataItemOf, ReferenceOf, ct);
        if (filtered.Allowed.Count == 0)
        {
            throw FhirProblem.Forbidden(RefusalOf(filtered));
        }

        var versions = filtered.Allowed;

        var baseUrl = FhirBaseUrl.Of(request);
        var bundle = new Bundle { Type = Bundle.BundleType.History, Total = versions.Count, Meta = new Meta { LastUpdated = time.GetUtcNow() } };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{baseUrl}/Composition/{id}/_history" });
        foreach (var view in versions.Reverse())
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/Composition/{view.Id}",
                Resource = ToComposition(view),
                Request = new Bundle.RequestComponent
                {
                    Method = view.Version == 1 ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT,
                    Url = view.Version == 1 ? "Composition" : $"Composition/{view.Id}",
                },
                Response = new Bundle.ResponseComponent { Status = view.Version == 1 ? "201" : "200", Etag = $"W/\"{view.Version}\"" },
            });
        }

        return new FhirResult(StatusCodes.Status200OK, bundle);
    }

    /// <summary>A single note: shown only when the access rules allow it (403 otherwise, saying why without naming the holder).</summary>
    private static async Task RequireAllowedAsync(HttpContext http, PatientAccess access, AccessAction action, NoteView view, CancellationToken ct)
    {
        var filtered = await access.FilterAsync(http, action, view.Note.Patient, [view], DataItemOf, ReferenceOf, ct);
        if (filtered.Allowed.Count == 0)
        {
            throw FhirProblem.Forbidden(RefusalOf(filtered));
        }
    }

    private static string RefusalOf<T>(Filtered<T> filtered) => filtered.HiddenByBlock > 0
        ? "The patient has blocked this information from the caller."
        : "The access rules do not allow this read: it needs the patient's consent or emergency access (nödåtkomst).";

    /// <summary>
    /// The search-outcome entry that tells a reader information exists that was not shown: blocked by the patient, or
    /// not covered by consent. Which provider holds it is said only in an emergency.
    /// </summary>
    private static OperationOutcome? WithheldOutcome<T>(Filtered<T> filtered)
    {
        if (filtered.Withheld == 0)
        {
            return null;
        }

        var outcome = new OperationOutcome();
        if (filtered.HiddenByBlock > 0)
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Information,
                Code = OperationOutcome.IssueType.Suppressed,
                Diagnostics = $"{filtered.HiddenByBlock} note(s) exist that the patient has blocked (spärr) from the caller.",
            });
        }

        var other = filtered.Withheld - filtered.HiddenByBlock;
        if (other > 0)
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Information,
                Code = OperationOutcome.IssueType.Suppressed,
                Diagnostics = $"{other} note(s) held by other care providers are not shown: they need the patient's consent (samtycke) or emergency access.",
            });
        }

        if (filtered.NamedProviders.Count > 0)
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Information,
                Code = OperationOutcome.IssueType.Informational,
                Diagnostics = $"Emergency access: withheld information is held by {string.Join(", ", filtered.NamedProviders)}.",
            });
        }

        return outcome;
    }

    private static DataItem DataItemOf(NoteView view) =>
        new(view.Note.CareProvider, view.Note.CareUnit, view.Note.EventTime, DataItemKind.HslNote);

    private static string ReferenceOf(NoteView view) => $"Composition/{view.Id}/_history/{view.Version}";

    private static IResult NotDeletable() =>
        throw new FhirProblem(ProblemKind.MethodNotAllowed, "A record entry may not be deleted; amend it with PUT instead.");

    private static Composition ToComposition(NoteView view) => CompositionJsonCache.ToComposition(view);

    private static FhirResult ResourceAnswer(NoteView view)
    {
        var composition = ToComposition(view);
        return new FhirResult(StatusCodes.Status200OK, composition).WithVersionHeaders(composition).WithHeader("X-Delivery-Status", view.DeliveryStatus);
    }

    /// <summary>201 (or 200 for a repeat) with Location, ETag and the body the client asked for with <c>Prefer</c>.</summary>
    private static FhirResult WriteAnswer(HttpRequest request, WriteOutcome outcome)
    {
        var stored = outcome.Stored;
        var type = stored.SubmissionType;
        var id = stored.SubmissionId;
        var version = type == "Bundle" ? 1 : stored.Version;
        var prefer = request.Headers["Prefer"].ToString();
        Resource? body = outcome.Representation;
        if (prefer.Contains("return=minimal", StringComparison.OrdinalIgnoreCase))
        {
            body = null;
        }
        else if (prefer.Contains("return=OperationOutcome", StringComparison.OrdinalIgnoreCase))
        {
            body = new OperationOutcome
            {
                Issue =
                [
                    new OperationOutcome.IssueComponent
                    {
                        Severity = OperationOutcome.IssueSeverity.Information,
                        Code = OperationOutcome.IssueType.Informational,
                        Diagnostics = outcome.Created
                            ? $"Accepted; delivery to the regional record is {outcome.DeliveryStatus}."
                            : $"Already accepted under this identifier; delivery is {outcome.DeliveryStatus}.",
                    },
                ],
            };
        }

        return new FhirResult(outcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK, body)
            .WithVersionHeaders(outcome.Representation)
            .WithHeader("Location", $"{FhirBaseUrl.Of(request)}/{type}/{id}/_history/{version}")
            .WithHeader("X-Delivery-Status", outcome.DeliveryStatus);
    }

    /// <summary>
    /// <c>If-None-Exist: identifier=system|value</c>: when a document with that identifier is known, the answer is the
    /// stored one without reading the body again.
    /// </summary>
    private static async Task<Bundle?> FindIfNoneExist(HttpRequest request, INoteOutbox outbox, CancellationToken ct)
    {
        var condition = request.Headers["If-None-Exist"].ToString();
        if (condition.Length == 0)
        {
            return null;
        }

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(condition.StartsWith('?') ? condition : "?" + condition);
        if (!query.TryGetValue("identifier", out var identifier) || identifier.ToString().Length == 0)
        {
            throw FhirProblem.Malformed("If-None-Exist supports identifier=system|value.", "If-None-Exist");
        }

        var known = await outbox.FindByKeyAsync(identifier.ToString(), ct);
        return known?.SubmissionType == "Bundle"
            ? new Bundle { Type = Bundle.BundleType.Document, Identifier = CompositionMapping.IdentifierOf(known.IdempotencyKey) }
            : null;
    }

    private static (string? System, string Value) SplitToken(string token)
    {
        var bar = token.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (null, token) : (token[..bar], token[(bar + 1)..]);
    }
}
