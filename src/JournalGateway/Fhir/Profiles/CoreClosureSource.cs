using System.Collections.Frozen;
using System.IO.Compression;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;

namespace JournalGateway.Fhir.Profiles;

/// <summary>
/// The part of the core R4 specification that our profiles and their validation use (the definitions of the
/// profiled resource types, every data type, and the value sets and code systems their bindings name), shipped as
/// one compressed collection Bundle inside this assembly. Each resource is parsed the first time it is asked for.
/// </summary>
/// <remarks>
/// Why: <see cref="ZipSource.CreateValidationSource()"/> first indexes all of specification.zip (60 MB of XML, about
/// five seconds) and then parses each definition out of a large XML bundle (50-300 ms apiece), which made a fresh
/// gateway take 15 s to become ready. The closure is a copy of what that source returns, generated from it and
/// checked against it by <c>CoreClosureTests</c>; anything outside it still resolves through the ZipSource behind it.
/// </remarks>
internal sealed class CoreClosureSource : IAsyncResourceResolver
{
    /// <summary>Name of the embedded resource (see the project file).</summary>
    public const string ResourceName = "core-r4-closure.json.gz";

    private readonly FrozenDictionary<string, string> _jsonByCanonical;
    private readonly Dictionary<string, Lazy<Resource>> _parsed;

    private CoreClosureSource(FrozenDictionary<string, string> jsonByCanonical)
    {
        _jsonByCanonical = jsonByCanonical;
        _parsed = jsonByCanonical.ToDictionary(
            p => p.Key,
            p => new Lazy<Resource>(() => new FhirJsonDeserializer().DeserializeResource(p.Value)),
            StringComparer.Ordinal);
    }

    /// <summary>Canonical urls of every resource in the closure.</summary>
    public IEnumerable<string> Canonicals => _jsonByCanonical.Keys;

    /// <summary>The closure embedded in this assembly, or an empty one if the build did not embed it.</summary>
    public static CoreClosureSource LoadEmbedded()
    {
        using var stream = typeof(CoreClosureSource).Assembly.GetManifestResourceStream(ResourceName);
        return stream is null ? new CoreClosureSource(FrozenDictionary<string, string>.Empty) : Load(stream);
    }

    /// <summary>Reads a gzip-compressed collection Bundle whose entries have the canonical url as fullUrl.</summary>
    public static CoreClosureSource Load(Stream gzipped)
    {
        using var unzipped = new GZipStream(gzipped, CompressionMode.Decompress);
        using var bundle = JsonDocument.Parse(unzipped);
        var byCanonical = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in bundle.RootElement.GetProperty("entry").EnumerateArray())
        {
            byCanonical[entry.GetProperty("fullUrl").GetString()!] = entry.GetProperty("resource").GetRawText();
        }

        return new CoreClosureSource(byCanonical.ToFrozenDictionary(StringComparer.Ordinal));
    }

#pragma warning disable CS0618 // Part of the interface; the Try* variants are the ones Firely calls.
    public Task<Resource?> ResolveByCanonicalUriAsync(string uri) => System.Threading.Tasks.Task.FromResult(Find(uri));

    public Task<Resource?> ResolveByUriAsync(string uri) => System.Threading.Tasks.Task.FromResult(Find(uri));
#pragma warning restore CS0618

    public Task<ResolverResult> TryResolveByCanonicalUriAsync(string uri) => System.Threading.Tasks.Task.FromResult(Result(uri));

    public Task<ResolverResult> TryResolveByUriAsync(string uri) => System.Threading.Tasks.Task.FromResult(Result(uri));

    private ResolverResult Result(string uri) =>
        Find(uri) is { } resource ? new ResolverResult(resource) : new ResolverResult(new ResolverException(ResolverException.NOT_FOUND, $"'{uri}' is not in the core closure."));

    private Resource? Find(string uri)
    {
        // The core has one version of everything (4.0.1), so "url|4.0.1" is "url".
        var bar = uri.IndexOf('|', StringComparison.Ordinal);
        var canonical = bar >= 0 ? uri[..bar] : uri;
        return _parsed.TryGetValue(canonical, out var resource) ? resource.Value : null;
    }
}
