using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JournalGateway.Fhir.Validation;

/// <summary>Ready only once the validators are warm, so the first request after ready is not the slow one.</summary>
public sealed class ValidatorWarmHealthCheck(FhirValidatorPool pool) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(pool.IsWarmedUp
            ? HealthCheckResult.Healthy($"{pool.Size} validators warm")
            : HealthCheckResult.Unhealthy("Validators are warming up"));
}
