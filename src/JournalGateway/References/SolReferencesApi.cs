using Hl7.Fhir.Model;
using JournalGateway.Access;
using JournalGateway.Auth;
using JournalGateway.Conformance;
using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Core.References;
using JournalGateway.Errors;
using JournalGateway.Fhir;
using JournalGateway.Fhir.Mapping;
using JournalGateway.Fhir.Validation;

namespace JournalGateway.References;

/// <summary>
/// SoL/LSS references over FHIR DocumentReference, held as the regional record's external document links.
/// Unlike notes they are written through to the regional record at once (503 while it is down): a reference is
/// re-sent by the municipal system, and carries no content that could be lost.
/// </summary>
public static class SolReferencesApi
{
    private const string IdPrefix = "sol-";
    private static readonly string[] SearchParameters = ["patient.identifier", "date"];

    public static IEndpointRouteBuilder MapSolReferencesApi(this IEndpointRouteBuilder fhir)
    {
        var references = fhir.MapGroup("/DocumentReference");
        references.MapPost("/", Post).RequireScope("DocumentReference", 'c').Implements("DocumentReference", "create");
        references.MapGet("/", Search).RequireScope("DocumentReference", 's').Implements("DocumentReference", "search-type")
            .Searches(
                new FhirSearchParameter("patient.identifier", "token", "The patient as system|value (required)."),
                new FhirSearchParameter("date", "date", "The referenced record's date."));
        references.MapGet("/{id}", Read).RequireScope("DocumentReference", 'r').Implements("DocumentReference", "read");
        references.MapDelete("/{id}", NotDeletable);
        return fhir;
    }

    private static IResult NotDeletable() =>
        throw new FhirProblem(ProblemKind.MethodNotAllowed, "A reference may not be deleted.");

    private static async Task<IResult> Post(HttpContext http, FhirRequestBody body, ProfileValidation validation, ISocialCareReferences region, CancellationToken ct)
    {
        var document = await body.ReadAsync<DocumentReference>(http.Request, ct);
        var caller = http.Caller();
        // The explicit checks first: their messages say plainly why SoL content is refused.
        var reference = SolReferenceMapping.ToDomain(document, caller.CareUnit);
        await validation.EnsureValidAsync(document, ct);
        if (reference.CareProvider != caller.CareProvider)
        {
            throw FhirProblem.Forbidden("The reference's custodian must be the care provider the caller works for (token care_provider).");
        }

        var recorded = await region.SubmitReferenceAsync(reference, reference.ExternalId, ct);
        var id = IdPrefix + recorded.RegionalId;
        return new FhirResult(StatusCodes.Status201Created, SolReferenceMapping.ToFhir(id, recorded))
            .WithHeader("Location", $"{FhirBaseUrl.Of(http.Request)}/DocumentReference/{id}/_history/1");
    }

    private static async Task<IResult> Search(HttpContext http, ISocialCareReferences region, PatientAccess access, CancellationToken ct)
    {
        var search = SearchRequest.Parse(http.Request, SearchParameters, []);
        var parameter = http.Request.Query["patient.identifier"].ToString();
        var bar = parameter.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0)
        {
            throw FhirProblem.Malformed("Search references by patient: patient.identifier=system|value is required.", "patient.identifier");
        }

        var patient = NoteMapping.ToPatientIdentifier(parameter[..bar], parameter[(bar + 1)..], "patient.identifier");
        var (from, to) = DateSearch.Parse(http.Request.Query["date"]);
        var found = await region.SearchReferencesAsync(new SolReferenceQuery { Patient = patient, From = from, To = to }, ct);
        var filtered = await access.FilterAsync(http, AccessAction.Search, patient, found, DataItemOf, r => $"DocumentReference/{IdPrefix}{r.RegionalId}", ct);
        var baseUrl = FhirBaseUrl.Of(http.Request);
        var bundle = search.ToBundle(filtered.Allowed, r => ($"{baseUrl}/DocumentReference/{IdPrefix}{r.RegionalId}", SolReferenceMapping.ToFhir(IdPrefix + r.RegionalId, r)));
        if (filtered.Withheld > 0)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Outcome },
                Resource = new OperationOutcome
                {
                    Issue = [new OperationOutcome.IssueComponent
                    {
                        Severity = OperationOutcome.IssueSeverity.Information,
                        Code = OperationOutcome.IssueType.Suppressed,
                        Diagnostics = $"{filtered.Withheld} social care reference(s) are not shown: they need a consent that covers SoL/LSS (an emergency does not open them).",
                    }],
                },
            });
        }

        return new FhirResult(StatusCodes.Status200OK, bundle);
    }

    private static async Task<IResult> Read(string id, HttpContext http, ISocialCareReferences region, PatientAccess access, CancellationToken ct)
    {
        var recorded = id.StartsWith(IdPrefix, StringComparison.Ordinal) ? await region.GetReferenceAsync(id[IdPrefix.Length..], ct) : null;
        if (recorded is null)
        {
            throw FhirProblem.NotFound($"DocumentReference/{id} is not known.");
        }

        var filtered = await access.FilterAsync(http, AccessAction.Read, recorded.Reference.Patient, [recorded], DataItemOf, _ => $"DocumentReference/{id}", ct);
        return filtered.Allowed.Count == 0
            ? throw FhirProblem.Forbidden("Social care references need a consent that covers SoL/LSS.")
            : new FhirResult(StatusCodes.Status200OK, SolReferenceMapping.ToFhir(id, recorded));
    }

    private static DataItem DataItemOf(RecordedSolReference r) =>
        new(r.Reference.CareProvider, r.Reference.CareUnit, r.Reference.Date, DataItemKind.SocialCareReference);
}
