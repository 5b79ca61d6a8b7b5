using JournalGateway.Access;
using JournalGateway.Auth;
using JournalGateway.Conformance;
using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Errors;
using JournalGateway.Fhir;
using JournalGateway.Fhir.Mapping;

namespace JournalGateway.AccessLog;

/// <summary>
/// The access log for follow-up: a patient's extract (<c>patient.identifier</c>, <c>date</c>) and emergency follow-up
/// (<c>purpose=ETREAT</c>). Read-only: the log is append-only, so writes and deletes are 405.
/// </summary>
public static class AccessLogApi
{
    private const int MaxEntries = 1000;
    private static readonly string[] SearchParameters = ["patient.identifier", "date", "purpose"];

    public static IEndpointRouteBuilder MapAccessLogApi(this IEndpointRouteBuilder fhir)
    {
        var audit = fhir.MapGroup("/AuditEvent");
        audit.MapGet("/", Search).RequireScope("AuditEvent", 's').Implements("AuditEvent", "search-type")
            .Searches(
                new FhirSearchParameter("patient.identifier", "token", "The patient whose accesses are wanted, system|value."),
                new FhirSearchParameter("date", "date", "When the access happened; prefixes eq, ge, gt, le, lt."),
                new FhirSearchParameter("purpose", "token", "TREAT or ETREAT (emergency access, for follow-up)."));
        audit.MapPost("/", ReadOnly);
        audit.MapPut("/{id}", ReadOnly);
        audit.MapDelete("/{id}", ReadOnly);
        return fhir;
    }

    private static IResult ReadOnly() =>
        throw new FhirProblem(ProblemKind.MethodNotAllowed, "The access log is append-only: entries are never written, changed or deleted through the API.");

    private static async Task<IResult> Search(HttpContext http, IAccessLog log, PatientAccess access, CancellationToken ct)
    {
        var request = http.Request;
        var search = SearchRequest.Parse(request, SearchParameters, []);
        var parameter = request.Query["patient.identifier"].ToString();
        var purposeCode = request.Query["purpose"].ToString();
        if (parameter.Length == 0 && purposeCode.Length == 0)
        {
            throw FhirProblem.Malformed("Search the access log by patient.identifier=system|value or purpose=ETREAT.", "patient.identifier");
        }

        Core.Identifiers.PatientIdentifier? patient = null;
        if (parameter.Length > 0)
        {
            var bar = parameter.IndexOf('|', StringComparison.Ordinal);
            patient = NoteMapping.ToPatientIdentifier(bar < 0 ? null : parameter[..bar], parameter[(bar + 1)..], "patient.identifier");
        }

        PurposeOfUse? purpose = null;
        if (purposeCode.Length > 0)
        {
            purpose = AccessCodes.TryParsePurposeOfUse(purposeCode.Split('|')[^1], out var parsed)
                ? parsed
                : throw FhirProblem.Malformed("purpose must be TREAT or ETREAT.", "purpose");
        }

        var (from, to) = DateSearch.Parse(request.Query["date"]);
        var entries = await log.QueryAsync(patient, from, to, purpose, MaxEntries, ct);
        // Reading the log is itself an access to patient data, and is logged.
        await access.RecordAccessAsync(http, AccessAction.Search, patient, [$"AuditEvent?count={entries.Count}"], ct);
        var baseUrl = FhirBaseUrl.Of(request);
        return new FhirResult(StatusCodes.Status200OK,
            search.ToBundle(entries, e => ($"{baseUrl}/AuditEvent/{e.Sequence}", AuditEventMapping.ToFhir(e))));
    }
}
