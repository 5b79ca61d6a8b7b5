namespace JournalGateway.Conformance;

/// <summary>
/// Endpoint metadata naming the FHIR interaction an endpoint implements. The CapabilityStatement is generated from
/// these, so it lists exactly what is mapped.
/// </summary>
/// <param name="ResourceType">The resource type, or null for a system-level interaction.</param>
/// <param name="Interaction">A FHIR restful interaction code (read, vread, history-instance, search-type, create, update) or an operation name starting with <c>$</c>.</param>
public sealed record FhirInteraction(string? ResourceType, string Interaction);

/// <summary>A search parameter an endpoint understands.</summary>
public sealed record FhirSearchParameter(string Name, string Type, string Documentation);

public static class FhirInteractionExtensions
{
    public static TBuilder Implements<TBuilder>(this TBuilder builder, string? resourceType, string interaction)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new FhirInteraction(resourceType, interaction));

    public static TBuilder Searches<TBuilder>(this TBuilder builder, params FhirSearchParameter[] parameters)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata([.. parameters]);
}
