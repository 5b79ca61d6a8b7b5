using JournalGateway.Fhir.Profiles;
using Microsoft.Extensions.Options;

namespace JournalGateway.Fhir.Validation;

/// <summary>Warms the validator pool in the background after start, so the first posted note is not the slow one.</summary>
internal sealed class FhirValidationWarmUp(
    FhirValidatorPool pool, IOptions<FhirProfilesOptions> options, ILogger<FhirValidationWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WarmUp)
        {
            return;
        }

        // Let the host finish starting first; warm-up is CPU work that should not delay readiness probes.
        await Task.Yield();
        try
        {
            await pool.WarmUpAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Warm-up is an optimisation; validation still works without it.
            logger.LogWarning(ex, "FHIR validation warm-up failed");
        }
    }
}
