using System.ComponentModel.DataAnnotations;

namespace JournalGateway.Fhir;

/// <summary>Settings of the FHIR API (section <c>Fhir</c>).</summary>
public sealed class FhirApiOptions
{
    public const string Section = "Fhir";

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Page size when a search names no <c>_count</c>.</summary>
    [Range(1, 1000)]
    public int DefaultPageSize { get; set; } = 20;

    /// <summary>Largest page a search returns.</summary>
    [Range(1, 1000)]
    public int MaxPageSize { get; set; } = 100;

    /// <summary>
    /// Memory for the served JSON of note versions (see <c>CompositionJsonCache</c>); about 2 KB a version, so the
    /// default holds some 30,000 versions.
    /// </summary>
    [Range(1, 4096)]
    public int CompositionCacheMegabytes { get; set; } = 64;

    /// <summary>The public base URL of the FHIR API, when it differs from what the request shows (behind a proxy).</summary>
    public Uri? PublicBaseUrl { get; set; }
}
