using Hl7.Fhir.Model;
using JournalGateway.Conformance;
using JournalGateway.Errors;

namespace JournalGateway.Fhir.Validation;

/// <summary><c>$validate</c> at the base and per type: the validation result as an OperationOutcome (reads no patient data).</summary>
public static class ValidateOperationApi
{
    private static readonly string[] Types = ["Bundle", "Composition", "Patient", "Practitioner", "PractitionerRole", "Organization", "DocumentReference", "Consent", "AuditEvent"];

    public static IEndpointRouteBuilder MapValidateOperation(this IEndpointRouteBuilder fhir)
    {
        fhir.MapPost("/$validate", (HttpContext http, FhirRequestBody body, ProfileValidation validation, CancellationToken ct) =>
                ValidateAsync(http, null, body, validation, ct))
            .RequireAuthorization().Implements(null, "$validate");
        foreach (var type in Types)
        {
            fhir.MapPost($"/{type}/$validate", (HttpContext http, FhirRequestBody body, ProfileValidation validation, CancellationToken ct) =>
                    ValidateAsync(http, type, body, validation, ct))
                .RequireAuthorization().Implements(type, "$validate");
        }

        return fhir;
    }

    private static async Task<IResult> ValidateAsync(HttpContext http, string? type, FhirRequestBody body, ProfileValidation validation, CancellationToken ct)
    {
        var resource = await body.ReadAsync(http.Request, ct);
        // The operation may also be called with a Parameters resource holding the resource (FHIR's own shape).
        if (resource is Parameters parameters && parameters.GetSingle("resource")?.Resource is { } wrapped)
        {
            resource = wrapped;
        }

        if (type is not null && resource.TypeName != type)
        {
            throw FhirProblem.Invalid($"This $validate takes a {type}, not a {resource.TypeName}.", "resourceType");
        }

        var outcome = await validation.ValidateAsync(resource, ct);
        if (outcome.Issue.Count == 0)
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Information,
                Code = OperationOutcome.IssueType.Informational,
                Diagnostics = "No issues: the resource conforms to the gateway's profile.",
            });
        }

        return new FhirResult(StatusCodes.Status200OK, outcome);
    }
}
