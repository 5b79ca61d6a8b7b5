using Firely.Fhir.Validation;
using Firely.Fhir.Validation.Compilation;
using Hl7.Fhir.Specification.Navigation;
using Hl7.Fhir.Specification.Source;

namespace JournalGateway.Fhir.Validation;

/// <summary>
/// Firely's standard schema builders, with some of what they make put behind validators that answer the plain,
/// frequent case themselves and hand every other case to Firely's: bindings (<see cref="KnownCodeBindingValidator"/>),
/// cardinality of single values (<see cref="SingleValueCardinalityValidator"/>), core invariants
/// (<see cref="CoreInvariantShortcuts"/>), and schema references that validate a resource, an entry's or a reference's
/// target (<see cref="StandInSkippingValidator"/>).
/// </summary>
/// <remarks>
/// Being a <see cref="StandardBuilders"/> keeps Firely's resolver from adding its own standard builders next to these;
/// re-implementing <see cref="ISchemaBuilder"/> makes the schema compiler, which calls builders through the interface,
/// come here.
/// </remarks>
#pragma warning disable ExperimentalApi // Firely marks its schema compilation extension points experimental.
internal sealed class GatewaySchemaBuilders(IAsyncResourceResolver source) : StandardBuilders(source), ISchemaBuilder
{
    IEnumerable<IAssertion> ISchemaBuilder.Build(ElementDefinitionNavigator nav, ElementConversionMode? conversionMode) =>
        Build(nav, conversionMode).Select(Substitute);

    private static IAssertion Substitute(IAssertion assertion) => assertion switch
    {
        BindingValidator binding => new KnownCodeBindingValidator(binding),
        CardinalityValidator cardinality => new SingleValueCardinalityValidator(cardinality),
        FhirPathValidator invariant => CoreInvariantShortcuts.Apply(invariant),
        // An element of type Resource (Bundle.entry.resource) is validated through this one reference.
        SchemaReferenceValidator resource when resource.SchemaUri == SchemaReferenceValidator.ForResource.SchemaUri =>
            new StandInSkippingValidator(resource),
        // A reference's target is validated against its target case's schema once its type was checked.
        ReferencedInstanceValidator reference => (IAssertion)((IAssertionContainer)reference).WithChildren(
            (_, target) => target is IGroupValidatable schema ? new StandInSkippingValidator(schema) : target),
        IAssertionContainer container => (IAssertion)container.WithChildren((_, child) => Substitute(child)),
        _ => assertion,
    };
}
#pragma warning restore ExperimentalApi
