using Hl7.Fhir.Model;

namespace JournalGateway.Errors;

/// <summary>What went wrong, in terms a FHIR client can act on; <see cref="FailureTable"/> maps it to a status.</summary>
public enum ProblemKind
{
    Malformed,
    Unauthenticated,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    PreconditionFailed,
    PayloadTooLarge,
    UriTooLong,
    UnsupportedMediaType,
    Unprocessable,
    TooManyRequests,
    Unavailable,
}

/// <summary>
/// A foreseeable failure of a request. Thrown anywhere in the host; turned into an OperationOutcome with the
/// right status in exactly one place, <see cref="FhirExceptionHandler"/>.
/// </summary>
public sealed class FhirProblem : Exception
{
    public FhirProblem(ProblemKind kind, string diagnostics, string? expression = null)
        : base(diagnostics)
    {
        Kind = kind;
        Issues = [Issue(kind, diagnostics, expression)];
    }

    public FhirProblem(ProblemKind kind, IReadOnlyList<OperationOutcome.IssueComponent> issues)
        : base(issues.Count > 0 ? issues[0].Diagnostics : kind.ToString())
    {
        Kind = kind;
        Issues = issues;
    }

    public ProblemKind Kind { get; }

    public IReadOnlyList<OperationOutcome.IssueComponent> Issues { get; }

    /// <summary>Seconds a client should wait before retrying, for 429 and 503.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static OperationOutcome.IssueComponent Issue(ProblemKind kind, string diagnostics, string? expression = null)
    {
        var issue = new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = FailureTable.IssueTypeOf(kind),
            Diagnostics = diagnostics,
        };
        if (expression is not null)
        {
            issue.Expression = [expression];
        }

        return issue;
    }

    public static FhirProblem Invalid(string diagnostics, string? expression = null) =>
        new(ProblemKind.Unprocessable, diagnostics, expression);

    public static FhirProblem Malformed(string diagnostics, string? expression = null) =>
        new(ProblemKind.Malformed, diagnostics, expression);

    public static FhirProblem NotFound(string diagnostics) => new(ProblemKind.NotFound, diagnostics);

    public static FhirProblem Forbidden(string diagnostics) => new(ProblemKind.Forbidden, diagnostics);
}
