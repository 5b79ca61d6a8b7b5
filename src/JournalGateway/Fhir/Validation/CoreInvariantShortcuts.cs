using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Newtonsoft.Json.Linq;

namespace JournalGateway.Fhir.Validation;

/// <summary>
/// Core FHIRPath invariants of the Bundle, Reference and Composition that every note document meets, checked in C#
/// for the plain case in which they hold; in any other case Firely evaluates the FHIRPath, as before.
/// </summary>
/// <remarks>
/// <para>
/// Firely runs each invariant through its FHIRPath engine, with a new evaluation context every time: the Bundle's
/// invariants alone were about 0.7 ms of the 2.7 ms a new note's validation cost (timed per key). Firely hand-codes some
/// invariants the same way for the same reason (ele-1, ext-1, txt-1, txt-2).
/// </para>
/// <para>
/// A shortcut only ever answers "holds", and only where the expression plainly holds for the POCO in hand: every
/// element it looks at is absent or has a value (an element with only extensions goes to FHIRPath). A shortcut that
/// answers "no" sends the case to Firely, so a failing invariant always gets Firely's own message. Each shortcut is
/// tied to the exact expression text Firely compiles: if an SDK update changes an expression, the shortcut no longer
/// applies and Firely evaluates it (<c>CoreInvariantShortcutsTests</c> fails, so we notice).
/// </para>
/// </remarks>
#pragma warning disable ExperimentalApi // Firely marks its validator extension points experimental.
internal static class CoreInvariantShortcuts
{
    private static readonly Dictionary<(string Key, string Expression), Func<Base, bool>> Shortcuts = new()
    {
        [("bdl-3", "entry.all(request.exists() = (%resource.type = 'batch' or %resource.type = 'transaction' or %resource.type = 'history'))")] =
            poco => poco is Bundle { Type: { } type } bundle
                && type is not (Bundle.BundleType.Batch or Bundle.BundleType.Transaction or Bundle.BundleType.History)
                && bundle.Entry.All(entry => entry.Request is null),
        [("bdl-4", "entry.all(response.exists() = (%resource.type = 'batch-response' or %resource.type = 'transaction-response' or %resource.type = 'history'))")] =
            poco => poco is Bundle { Type: { } type } bundle
                && type is not (Bundle.BundleType.BatchResponse or Bundle.BundleType.TransactionResponse or Bundle.BundleType.History)
                && bundle.Entry.All(entry => entry.Response is null),
        [("bdl-3a", "type in ('document' | 'message' | 'searchset' | 'collection') implies entry.all(resource.exists() and request.empty() and response.empty())")] =
            poco => poco is Bundle bundle && bundle.Entry.All(entry => HasContent(entry.Resource) && entry.Request is null && entry.Response is null),
        [("bdl-7", "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()")] =
            poco => poco is Bundle bundle && FullUrlsWithVersionsAreDistinct(bundle),
        [("bdl-15", "type='transaction' or type='transaction-response' or type='batch' or type='batch-response' or entry.all(fullUrl.exists() or request.method='POST')")] =
            poco => poco is Bundle bundle && bundle.Entry.All(entry => entry.FullUrl is not null),
        [("bdl-11", "type = 'document' implies entry.first().resource.is(Composition)")] =
            poco => poco is Bundle bundle && bundle.Entry.FirstOrDefault()?.Resource is Composition composition && HasContent(composition),
        [("bdl-1", "total.empty() or (type = 'searchset') or (type = 'history')")] =
            poco => poco is Bundle { TotalElement: null },
        [("bdl-2", "entry.search.empty() or (type = 'searchset')")] =
            poco => poco is Bundle bundle && bundle.Entry.All(entry => entry.Search is null),
        [("bdl-9", "type = 'document' implies (identifier.system.exists() and identifier.value.exists())")] =
            poco => poco is Bundle { Identifier: { System: not null, Value: not null } },
        [("bdl-10", "type = 'document' implies (timestamp.hasValue())")] =
            poco => poco is Bundle { TimestampElement.Value: not null },
        [("bdl-5", "resource.exists() or request.exists() or response.exists()")] =
            poco => poco is Bundle.EntryComponent entry && HasContent(entry.Resource),
        [("bdl-8", "fullUrl.exists() implies fullUrl.contains('/_history/').not()")] =
            poco => poco is Bundle.EntryComponent entry && (entry.FullUrlElement is null
                || (entry.FullUrl is { } url && !url.Contains("/_history/", StringComparison.Ordinal))),
        [("ref-1", "reference.exists() implies (reference.startsWith('#').not() or (reference.substring(1).trace('url') in %rootResource.contained.id.trace('ids')) or (reference='#' and %rootResource!=%resource))")] =
            poco => poco is ResourceReference reference && (reference.ReferenceElement is null
                || (reference.Reference is { } value && !value.StartsWith('#'))),
        [("cmp-1", "text.exists() or entry.exists() or section.exists()")] =
            poco => poco is Composition.SectionComponent section && section.Text?.Div is not null,
        [("cmp-2", "emptyReason.empty() or entry.empty()")] =
            poco => poco is Composition.SectionComponent { EmptyReason: null },
    };

    /// <summary>The invariant behind its shortcut, or the invariant itself where there is none.</summary>
    public static IAssertion Apply(FhirPathValidator invariant) =>
        Shortcuts.TryGetValue((invariant.Key, invariant.Expression), out var holds) ? new Shortcut(invariant, holds) : invariant;

    /// <summary>The keys and expressions that have a shortcut (for tests).</summary>
    internal static IEnumerable<(string Key, string Expression)> Known => Shortcuts.Keys;

    // FHIRPath sees every resource a POCO holds, an empty one too (checked in CoreInvariantShortcutsTests).
    private static bool HasContent(Resource? resource) => resource is not null;

    private static bool FullUrlsWithVersionsAreDistinct(Bundle bundle)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in bundle.Entry)
        {
            if (entry.FullUrlElement is null)
            {
                continue;
            }

            if (entry.FullUrl is not { } url || (entry.Resource?.Meta?.VersionIdElement is { } version && version.Value is null))
            {
                return false;
            }

            if (!seen.Add(url + (entry.Resource?.Meta?.VersionId ?? "")))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Shortcut(FhirPathValidator inner, Func<Base, bool> holds) : IValidatable
    {
        public ResultReport Validate(PocoNode input, ValidationSettings vc, ValidationState state) =>
            !FirelyFilters.Includes(vc, inner) || holds(input.Poco) ? ResultReport.SUCCESS : ((IValidatable)inner).Validate(input, vc, state);

        public JToken ToJson() => inner.ToJson();
    }
}
#pragma warning restore ExperimentalApi
