using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;

namespace JournalGateway.Fhir.Profiles;

/// <summary>
/// Passes on only the urls that can name something in the core specification (<c>http://hl7.org/fhir/</c> and
/// <c>http://terminology.hl7.org/</c>). Validation also asks for FHIRPath system types, Swedish code systems
/// (<c>urn:oid:1.2.752…</c>) and our own canonicals; none of those is in specification.zip, and the first question the
/// zip cannot answer from memory makes it index 60 MB of XML (five seconds, at start).
/// </summary>
internal sealed class CoreNamespaceFilter(IAsyncResourceResolver core) : IAsyncResourceResolver
{
#pragma warning disable CS0618 // Part of the interface; the Try* variants are the ones Firely calls.
    public Task<Resource?> ResolveByCanonicalUriAsync(string uri) =>
        IsCore(uri) ? core.ResolveByCanonicalUriAsync(uri) : System.Threading.Tasks.Task.FromResult<Resource?>(null);

    public Task<Resource?> ResolveByUriAsync(string uri) =>
        IsCore(uri) ? core.ResolveByUriAsync(uri) : System.Threading.Tasks.Task.FromResult<Resource?>(null);
#pragma warning restore CS0618

    public Task<ResolverResult> TryResolveByCanonicalUriAsync(string uri) =>
        IsCore(uri) ? core.TryResolveByCanonicalUriAsync(uri) : System.Threading.Tasks.Task.FromResult(NotCore(uri));

    public Task<ResolverResult> TryResolveByUriAsync(string uri) =>
        IsCore(uri) ? core.TryResolveByUriAsync(uri) : System.Threading.Tasks.Task.FromResult(NotCore(uri));

    private static bool IsCore(string uri) =>
        uri.StartsWith("http://hl7.org/fhir/", StringComparison.Ordinal)
        || uri.StartsWith("http://terminology.hl7.org/", StringComparison.Ordinal);

    private static ResolverResult NotCore(string uri) =>
        new(new ResolverException(ResolverException.NOT_FOUND, $"'{uri}' is outside the core specification's namespaces."));
}
