using Microsoft.AspNetCore.Http.HttpResults;
using RegionalStore.Shared;

namespace RegionalStore.Faults;

internal static class FaultsApi
{
    public static IEndpointRouteBuilder MapFaultsApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin/faults").WithTags("Faults");
        admin.MapGet("/", (FaultState faults) => TypedResults.Ok(faults.Current));
        admin.MapPost("/", SetFaults);
        admin.MapDelete("/", (FaultState faults) =>
        {
            faults.Clear();
            return TypedResults.NoContent();
        });
        return app;
    }

    internal static Results<Ok<FaultSettings>, ProblemHttpResult> SetFaults(FaultRequest request, FaultState faults)
    {
        var v = new Validation();
        if (request.FailureRate is < 0 or > 1 || request.FailureRate is double.NaN)
        {
            v.Add("failureRate", "must be between 0 and 1.");
        }

        if (request.Status is < 400 or > 599)
        {
            v.Add("status", "must be an error status (400-599).");
        }

        if (request.LatencyMs is < 0 or > 600_000)
        {
            v.Add("latencyMs", "must be between 0 and 600000.");
        }

        if (request.RetryAfterSeconds is < 0 or > 3600)
        {
            v.Add("retryAfterSeconds", "must be between 0 and 3600.");
        }

        if (!v.IsValid)
        {
            return Problems.Validation(v.Errors());
        }

        var settings = new FaultSettings(
            request.Outage ?? false,
            request.FailureRate ?? 0,
            request.Status ?? StatusCodes.Status503ServiceUnavailable,
            request.LatencyMs ?? 0,
            request.FailAfterWrite ?? false,
            request.RetryAfterSeconds);
        faults.Set(settings, request.Seed);
        return TypedResults.Ok(settings);
    }
}
