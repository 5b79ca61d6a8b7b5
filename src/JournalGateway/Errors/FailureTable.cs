using Hl7.Fhir.Model;
using JournalGateway.Core.Notes;
using Microsoft.AspNetCore.Http;

namespace JournalGateway.Errors;

/// <summary>The one table from failure to HTTP status and FHIR issue type.</summary>
public static class FailureTable
{
    private static readonly Dictionary<ProblemKind, (int Status, OperationOutcome.IssueType Type)> Table = new()
    {
        [ProblemKind.Malformed] = (StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Structure),
        [ProblemKind.Unauthenticated] = (StatusCodes.Status401Unauthorized, OperationOutcome.IssueType.Login),
        [ProblemKind.Forbidden] = (StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden),
        [ProblemKind.NotFound] = (StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound),
        [ProblemKind.MethodNotAllowed] = (StatusCodes.Status405MethodNotAllowed, OperationOutcome.IssueType.NotSupported),
        [ProblemKind.Conflict] = (StatusCodes.Status409Conflict, OperationOutcome.IssueType.Conflict),
        [ProblemKind.PreconditionFailed] = (StatusCodes.Status412PreconditionFailed, OperationOutcome.IssueType.Conflict),
        [ProblemKind.PayloadTooLarge] = (StatusCodes.Status413PayloadTooLarge, OperationOutcome.IssueType.TooCostly),
        [ProblemKind.UriTooLong] = (StatusCodes.Status414UriTooLong, OperationOutcome.IssueType.TooCostly),
        [ProblemKind.UnsupportedMediaType] = (StatusCodes.Status415UnsupportedMediaType, OperationOutcome.IssueType.NotSupported),
        [ProblemKind.Unprocessable] = (StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.Invalid),
        [ProblemKind.TooManyRequests] = (StatusCodes.Status429TooManyRequests, OperationOutcome.IssueType.Throttled),
        [ProblemKind.Unavailable] = (StatusCodes.Status503ServiceUnavailable, OperationOutcome.IssueType.Transient),
    };

    public static int StatusOf(ProblemKind kind) => Table[kind].Status;

    public static OperationOutcome.IssueType IssueTypeOf(ProblemKind kind) => Table[kind].Type;

    /// <summary>The problem kind for a bare status code (routing misses, auth challenges, Kestrel limits).</summary>
    public static ProblemKind? KindOf(int status) =>
        Table.Where(e => e.Value.Status == status).Select(e => (ProblemKind?)e.Key).FirstOrDefault();

    /// <summary>Translates exceptions from outside the host's own code into problems; null when unforeseen (500).</summary>
    public static FhirProblem? Translate(Exception exception) => exception switch
    {
        FhirProblem problem => problem,
        RegionalRecordUnavailableException => new FhirProblem(ProblemKind.Unavailable,
            "The regional record is not reachable right now; try again later.") { RetryAfterSeconds = 10 },
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            new FhirProblem(ProblemKind.PayloadTooLarge, "The request body is larger than the gateway accepts."),
        BadHttpRequestException bad when KindOf(bad.StatusCode) is { } kind =>
            new FhirProblem(kind, "The request could not be read."),
        OperationCanceledException => new FhirProblem(ProblemKind.Unavailable, "The request was cancelled or timed out."),
        _ => null,
    };
}
