using System.Globalization;
using Hl7.Fhir.Model;
using JournalGateway.Fhir;
using Microsoft.AspNetCore.Diagnostics;

namespace JournalGateway.Errors;

/// <summary>The one place where failures become OperationOutcomes: never a stack trace, never a bare 500 for the foreseeable.</summary>
public sealed class FhirExceptionHandler(ILogger<FhirExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = FailureTable.Translate(exception);
        if (problem is null)
        {
            // Only the exception type: messages can carry request data.
            logger.LogError("Unhandled {ExceptionType} at {Path}", exception.GetType().Name, httpContext.Request.Path.Value);
            problem = new FhirProblem(ProblemKind.Unavailable, "The gateway failed to handle the request.");
            await WriteAsync(httpContext, StatusCodes.Status500InternalServerError, problem);
            return true;
        }

        await WriteAsync(httpContext, FailureTable.StatusOf(problem.Kind), problem);
        return true;
    }

    public static Task WriteAsync(HttpContext httpContext, int status, FhirProblem problem)
    {
        if (httpContext.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        // Clear() drops headers too; a challenge's WWW-Authenticate (RFC 6750) must survive it.
        var challenge = httpContext.Response.Headers.WWWAuthenticate;
        httpContext.Response.Clear();
        if (status == StatusCodes.Status401Unauthorized)
        {
            httpContext.Response.Headers.WWWAuthenticate = challenge.Count > 0 ? challenge : "Bearer";
        }

        var result = new FhirResult(status, new OperationOutcome { Issue = [.. problem.Issues] });
        if (problem.RetryAfterSeconds is { } seconds)
        {
            result.WithHeader("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
        }

        return result.ExecuteAsync(httpContext);
    }

    /// <summary>Gives bodiless error statuses (routing misses, 405s, auth challenges) an OperationOutcome too.</summary>
    public static Task WriteStatusCodePage(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        var kind = FailureTable.KindOf(status) ?? ProblemKind.Malformed;
        var message = status switch
        {
            StatusCodes.Status404NotFound => "No such resource type or operation on this server.",
            StatusCodes.Status405MethodNotAllowed => "This interaction is not supported here.",
            StatusCodes.Status401Unauthorized => "A valid bearer token is required.",
            StatusCodes.Status403Forbidden => "The token does not allow this interaction.",
            _ => $"The request failed with status {status}.",
        };
        return WriteAsync(context.HttpContext, status, new FhirProblem(kind, message));
    }
}
