using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;

namespace JournalGateway.Fhir.Profiles;

/// <summary>
/// Hands out deep copies of what <paramref name="inner"/> resolves. The snapshot generator edits the definitions it
/// reads while it merges, and Firely's schema compiler corrects known errors in core definitions in place; the core
/// definitions are shared by every catalog in the process. Without copies, generating our snapshots changed how core
/// invariants (e.g. Reference ref-1) behaved for every later validation.
/// </summary>
internal sealed class CopyingResolver(IAsyncResourceResolver inner) : IAsyncResourceResolver
{
#pragma warning disable CS0618 // Part of the interface; the Try* variants are the ones we use.
    public async Task<Resource?> ResolveByUriAsync(string uri) =>
        Copy(await inner.ResolveByUriAsync(uri).ConfigureAwait(false));

    public async Task<Resource?> ResolveByCanonicalUriAsync(string uri) =>
        Copy(await inner.ResolveByCanonicalUriAsync(uri).ConfigureAwait(false));
#pragma warning restore CS0618

    public async Task<ResolverResult> TryResolveByUriAsync(string uri) =>
        Copy(await inner.TryResolveByUriAsync(uri).ConfigureAwait(false));

    public async Task<ResolverResult> TryResolveByCanonicalUriAsync(string uri) =>
        Copy(await inner.TryResolveByCanonicalUriAsync(uri).ConfigureAwait(false));

    private static Resource? Copy(Resource? resource) => (Resource?)resource?.DeepCopy();

    private static ResolverResult Copy(ResolverResult result) =>
        result.Value is { } value ? new ResolverResult((Resource)value.DeepCopy()) : result;
}
