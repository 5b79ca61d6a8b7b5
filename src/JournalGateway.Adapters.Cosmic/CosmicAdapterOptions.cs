using System.ComponentModel.DataAnnotations;

namespace JournalGateway.Adapters.Cosmic;

/// <summary>
/// Where the Cosmic-like store is and how hard to try, section <c>RegionalRecord:Cosmic</c>. Checked at start:
/// the ranges are the ones Polly accepts, so a wrong value stops the process instead of the first delivery.
/// </summary>
public sealed class CosmicAdapterOptions : IValidatableObject
{
    public const string SectionName = "RegionalRecord:Cosmic";

    [Required]
    public Uri BaseAddress { get; set; } = new("http://localhost:8081");

    /// <summary>One attempt, inside the retries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The whole call, every retry and backoff included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(1, 100)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first backoff; later ones grow exponentially, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    [Range(2, int.MaxValue)]
    public int BreakerMinimumThroughput { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Room for search pages and version lists kept with the ETag the record sent them with, asked for again with
    /// If-None-Match and reused on 304 (<see cref="RevalidatedPages"/>); 0 keeps none and asks plainly.
    /// </summary>
    [Range(0, 4096)]
    public int SearchCacheMegabytes { get; set; } = 32;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseAddress is { } uri && (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult("BaseAddress must be an absolute http or https address.", [nameof(BaseAddress)]);
        }

        if (TotalTimeout < AttemptTimeout)
        {
            yield return new ValidationResult(
                "TotalTimeout must be at least AttemptTimeout, or no attempt could ever finish.",
                [nameof(TotalTimeout), nameof(AttemptTimeout)]);
        }
    }
}
