using Firely.Fhir.Validation;
using Firely.Fhir.Validation.Compilation;
using Hl7.Fhir.Specification.Navigation;
using Hl7.Fhir.Specification.Source;

namespace JournalGateway.Fhir.Validation;

/// <summary>
/// Firely's standard schema builders, with each <see cref="BindingValidator"/> they make put behind a
/// <see cref="KnownCodeBindingValidator"/>.
/// </summary>
/// <remarks>
/// Being a <see cref="StandardBuilders"/> keeps Firely's resolver from adding its own standard builders next to these;
/// re-implementing <see cref="ISchemaBuilder"/> makes the schema compiler, which calls builders through the interface,
/// come here.
/// </remarks>
#pragma warning disable ExperimentalApi // Firely marks its schema compilation extension points experimental.
internal sealed class KnownCodeSchemaBuilders(IAsyncResourceResolver source) : StandardBuilders(source), ISchemaBuilder
{
    IEnumerable<IAssertion> ISchemaBuilder.Build(ElementDefinitionNavigator nav, ElementConversionMode? conversionMode) =>
        Build(nav, conversionMode).Select(assertion => assertion is BindingValidator binding ? new KnownCodeBindingValidator(binding) : assertion);
}
#pragma warning restore ExperimentalApi
