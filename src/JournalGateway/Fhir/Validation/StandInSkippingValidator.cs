using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Newtonsoft.Json.Linq;

namespace JournalGateway.Fhir.Validation;

/// <summary>
/// A schema that validates resources, answering success for the stand-ins <see cref="DocumentValidation"/> puts in
/// place of the entries it is not validating in a run; every other resource goes to Firely's schema, unchanged.
/// </summary>
/// <remarks>
/// A stand-in is an empty resource: validating it (against its core type and the gateway's profile for the type, once
/// as an entry and again as each reference's target) only makes issues inside that entry, which the run throws away,
/// and cost about 0.3 ms per stand-in, most of a new note's validation. What the run does need from a stand-in is
/// checked before this schema is reached: that a reference's target has an allowed type (Firely's
/// <see cref="ReferencedInstanceValidator"/> checks the type, then calls the target case's schema), and the Bundle's
/// own invariants, which see the entries from the Bundle.
/// </remarks>
#pragma warning disable ExperimentalApi // Firely marks its validator extension points experimental.
internal sealed class StandInSkippingValidator(IGroupValidatable inner) : IGroupValidatable
{
    /// <summary>The Firely schema this one stands in front of.</summary>
    public IGroupValidatable Inner { get; } = inner;

    public ResultReport Validate(IEnumerable<PocoNode> input, ValidationSettings vc, ValidationState state)
    {
        if (!FirelyFilters.Includes(vc, Inner) || (input is PocoNode single && IsStandIn(single)))
        {
            return ResultReport.SUCCESS;
        }

        if (input is PocoNode)
        {
            return Inner.Validate(input, vc, state);
        }

        var nodes = input as IReadOnlyCollection<PocoNode> ?? input.ToList();
        if (!nodes.Any(IsStandIn))
        {
            return Inner.Validate(nodes, vc, state);
        }

        var real = nodes.Where(node => !IsStandIn(node)).ToList();
        return real.Count == 0 ? ResultReport.SUCCESS : Inner.Validate(real, vc, state);
    }

    public ResultReport Validate(PocoNode input, ValidationSettings vc, ValidationState state) =>
        !FirelyFilters.Includes(vc, Inner) || IsStandIn(input) ? ResultReport.SUCCESS : Inner.Validate(input, vc, state);

    public JToken ToJson() => Inner.ToJson();

    private static bool IsStandIn(PocoNode node) => node.Poco is Resource resource && DocumentValidation.IsStandIn(resource);
}
#pragma warning restore ExperimentalApi
