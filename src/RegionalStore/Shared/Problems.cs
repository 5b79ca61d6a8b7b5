using Microsoft.AspNetCore.Http.HttpResults;

namespace RegionalStore.Shared;

/// <summary>Every error the API answers, as RFC 7807 problem details. Details name fields, never their values (they may be personal data).</summary>
internal static class Problems
{
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The request is not valid.",
            Type = "https://tools.ietf.org/html/rfc4918#section-11.2",
        });

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request could not be read.");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    public static ProblemHttpResult UnsupportedMediaType() =>
        TypedResults.Problem("Send application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported media type.");
}
