using Firely.Fhir.Validation;
using Hl7.Fhir.Introspection;
using Hl7.Fhir.Model;
using Newtonsoft.Json.Linq;

namespace JournalGateway.Fhir.Validation;

/// <summary>
/// Firely's <see cref="CardinalityValidator"/>, answering the common case itself: a single value, not in an array, of
/// an element that does not repeat, where one occurrence is allowed. Every other case goes to Firely's validator.
/// </summary>
/// <remarks>
/// For a single value Firely checks that the element does not repeat (JSON must then hold an array). It finds the
/// element's definition through <c>PocoNode.Definition</c>, which looks for the model inspector up the tree and builds
/// an annotation list (a lazily made <c>ConcurrentDictionary</c>) on every node it passes: about a sixth of a note's
/// validation time went there. This asks the parent's class mapping, which is what that definition comes from, directly.
/// Being wrong here could only turn Firely's verdict "success" into a call to Firely: the shortcut answers success only
/// where Firely's own code reaches success.
/// </remarks>
#pragma warning disable ExperimentalApi // Firely marks its validator extension points experimental.
internal sealed class SingleValueCardinalityValidator(CardinalityValidator inner) : IGroupValidatable
{
    private readonly bool _allowsOne = (inner.Min ?? 0) <= 1 && (inner.Max ?? 1) >= 1;

    /// <summary>The Firely validator this one stands in front of.</summary>
    public CardinalityValidator Inner { get; } = inner;

    public ResultReport Validate(IEnumerable<PocoNode> input, ValidationSettings vc, ValidationState state) =>
        !FirelyFilters.Includes(vc, Inner) ? ResultReport.SUCCESS
        : _allowsOne && input is PocoNode { Index: null, Parent: { } parent, Name: { } name }
            && parent.Poco is not IDynamicType && vc.ModelInspector is { } inspector && !Repeats(inspector, parent, name)
            ? ResultReport.SUCCESS
            : ((IGroupValidatable)Inner).Validate(input, vc, state);

    public ResultReport Validate(PocoNode input, ValidationSettings vc, ValidationState state) =>
        !FirelyFilters.Includes(vc, Inner) ? ResultReport.SUCCESS : ((IValidatable)Inner).Validate(input, vc, state);

    public JToken ToJson() => Inner.ToJson();

    // Firely's validator sets the settings' inspector, and marks the instance with the same one, before validating.
    private static bool Repeats(ModelInspector inspector, PocoNode parent, string name) =>
        inspector.FindOrImportClassMapping(parent.Poco.GetType())?.FindMappedElementByName(name)?.IsCollection ?? false;
}
#pragma warning restore ExperimentalApi
