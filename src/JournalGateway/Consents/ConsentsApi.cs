using Hl7.Fhir.Model;
using JournalGateway.Access;
using JournalGateway.Auth;
using JournalGateway.Conformance;
using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Errors;
using JournalGateway.Fhir;
using JournalGateway.Fhir.Validation;
using JournalGateway.Fhir.Mapping;

namespace JournalGateway.Consents;

/// <summary>The consent registry over FHIR: samtycke, spärr and temporary lifts (DESIGN section 6).</summary>
public static class ConsentsApi
{
    private static readonly string[] SearchParameters = ["patient.identifier", "status"];

    public static IEndpointRouteBuilder MapConsentsApi(this IEndpointRouteBuilder fhir)
    {
        var consents = fhir.MapGroup("/Consent");
        consents.MapPost("/", Register).RequireScope("Consent", 'c').Implements("Consent", "create");
        // A consent registrar's role is user/Consent.cru (DESIGN section 4): listing a patient's consents is part of reading them.
        consents.MapGet("/", Search).RequireScope("Consent", 's', 'r').Implements("Consent", "search-type")
            .Searches(
                new FhirSearchParameter("patient.identifier", "token", "The patient as system|value (required)."),
                new FhirSearchParameter("status", "token", "active or inactive."));
        consents.MapGet("/{id}", Read).RequireScope("Consent", 'r').Implements("Consent", "read");
        consents.MapPut("/{id}", End).RequireScope("Consent", 'u').Implements("Consent", "update");
        consents.MapDelete("/{id}", NotDeletable);
        return fhir;
    }

    private static IResult NotDeletable() =>
        throw new FhirProblem(ProblemKind.MethodNotAllowed, "A consent or block is ended with PUT status=inactive, never deleted.");

    private static async Task<IResult> Register(
        HttpContext http, FhirRequestBody body, ProfileValidation validation, IConsentRegistry registry, CareProviderDirectory directory, TimeProvider time, CancellationToken ct)
    {
        var consent = await body.ReadAsync<Consent>(http.Request, ct);
        await validation.EnsureValidAsync(consent, ct);
        var directive = ConsentMapping.ToDirective(consent, Guid.NewGuid().ToString("N"), http.Caller().User, time.GetUtcNow(), directory);
        if (!await registry.AddAsync(directive, ct))
        {
            throw new FhirProblem(ProblemKind.Conflict, "A consent with this id exists already.");
        }

        var stored = ConsentMapping.ToFhir(directive);
        return new FhirResult(StatusCodes.Status201Created, stored)
            .WithVersionHeaders(stored)
            .WithHeader("Location", $"{FhirBaseUrl.Of(http.Request)}/Consent/{directive.Id}/_history/{stored.Meta!.VersionId}");
    }

    private static async Task<IResult> Search(HttpContext http, IConsentRegistry registry, PatientAccess access, CancellationToken ct)
    {
        var search = SearchRequest.Parse(http.Request, SearchParameters, []);
        var parameter = http.Request.Query["patient.identifier"].ToString();
        var bar = parameter.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0)
        {
            throw FhirProblem.Malformed("Search consents by patient: patient.identifier=system|value is required.", "patient.identifier");
        }

        var patient = NoteMapping.ToPatientIdentifier(parameter[..bar], parameter[(bar + 1)..], "patient.identifier");
        var status = http.Request.Query["status"].ToString();
        var directives = (await registry.ForPatientAsync(patient, ct))
            .Where(d => status.Length == 0 || string.Equals(d.Status.ToString(), status, StringComparison.OrdinalIgnoreCase))
            .ToList();
        await access.RecordAccessAsync(http, AccessAction.Search, patient, [.. directives.Select(d => $"Consent/{d.Id}")], ct);
        var baseUrl = FhirBaseUrl.Of(http.Request);
        return new FhirResult(StatusCodes.Status200OK, search.ToBundle(directives, d => ($"{baseUrl}/Consent/{d.Id}", ConsentMapping.ToFhir(d))));
    }

    private static async Task<IResult> Read(string id, HttpContext http, IConsentRegistry registry, PatientAccess access, CancellationToken ct)
    {
        var directive = await registry.GetAsync(id, ct) ?? throw FhirProblem.NotFound($"Consent/{id} is not known.");
        await access.RecordAccessAsync(http, AccessAction.Read, directive.Patient, [$"Consent/{id}"], ct);
        return new FhirResult(StatusCodes.Status200OK, ConsentMapping.ToFhir(directive));
    }

    /// <summary>Ends a consent or block: the only change allowed is status active → inactive.</summary>
    private static async Task<IResult> End(string id, HttpContext http, FhirRequestBody body, IConsentRegistry registry, CancellationToken ct)
    {
        var consent = await body.ReadAsync<Consent>(http.Request, ct);
        if (consent.Id is { } bodyId && bodyId != id)
        {
            throw FhirProblem.Malformed("The Consent's id must match the URL.", "Consent.id");
        }

        if (consent.Status != Consent.ConsentState.Inactive)
        {
            throw FhirProblem.Invalid("A registered consent or block can only be ended (status inactive).", "Consent.status");
        }

        var ended = await registry.SetStatusAsync(id, ConsentStatus.Inactive, ct) ?? throw FhirProblem.NotFound($"Consent/{id} is not known.");
        return new FhirResult(StatusCodes.Status200OK, ConsentMapping.ToFhir(ended));
    }
}
