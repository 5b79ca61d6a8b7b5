using Hl7.Fhir.Model;
using JournalGateway.Conformance;
using JournalGateway.Errors;
using JournalGateway.Fhir.Profiles;

namespace JournalGateway.Fhir.Validation;

/// <summary>
/// Validation on every write, against the gateway's own profile for the resource type whatever <c>meta.profile</c>
/// says: errors become one 422 OperationOutcome listing every issue with its FHIRPath expression.
/// </summary>
public sealed class ProfileValidation(FhirValidatorPool pool, ValidationMetrics metrics) : ISupportedProfiles
{
    public IEnumerable<(string ResourceType, string Canonical)> SupportedProfiles =>
        pool.Catalog.ProfilesByType.SelectMany(p => p.Value.Select(canonical => (p.Key, canonical)));

    public async ValueTask<OperationOutcome> ValidateAsync(Resource resource, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = await pool.ValidateAsync(resource, ProfileSelection.ProfileOrCoreFor(resource), cancellationToken);
        metrics.Validated(resource.TypeName, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return outcome;
    }

    public async ValueTask EnsureValidAsync(Resource resource, CancellationToken cancellationToken)
    {
        var outcome = await ValidateAsync(resource, cancellationToken);
        var errors = outcome.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .ToList();
        if (errors.Count > 0)
        {
            throw new FhirProblem(ProblemKind.Unprocessable, errors);
        }
    }
}

/// <summary>Validation time per resource type.</summary>
public sealed class ValidationMetrics(System.Diagnostics.Metrics.IMeterFactory meters)
{
    private readonly System.Diagnostics.Metrics.Histogram<double> _duration = meters.Create(new System.Diagnostics.Metrics.MeterOptions(Hosting.GatewayHosting.TelemetryName))
        .CreateHistogram<double>("journalgateway.validation.duration", "ms", "Profile validation time per resource");

    public void Validated(string resourceType, TimeSpan elapsed) =>
        _duration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("resource_type", resourceType));
}
