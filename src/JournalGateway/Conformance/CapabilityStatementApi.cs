using System.Reflection;
using Hl7.Fhir.Model;
using JournalGateway.Fhir;

namespace JournalGateway.Conformance;

/// <summary><c>GET /fhir/metadata</c>: a CapabilityStatement generated from the mapped endpoints.</summary>
public static class CapabilityStatementApi
{
    public static IEndpointRouteBuilder MapCapabilityStatement(this IEndpointRouteBuilder fhir)
    {
        fhir.MapGet("/metadata", (EndpointDataSource endpoints, TimeProvider time, IEnumerable<ISupportedProfiles> profiles) =>
                new FhirResult(StatusCodes.Status200OK, Build(endpoints, time, profiles)))
            .AllowAnonymous()
            .Implements(null, "capabilities");
        return fhir;
    }

    public static CapabilityStatement Build(EndpointDataSource endpoints, TimeProvider time, IEnumerable<ISupportedProfiles> profileSources)
    {
        var byType = endpoints.Endpoints
            .Select(e => (Interaction: e.Metadata.GetMetadata<FhirInteraction>(), Search: e.Metadata.GetOrderedMetadata<FhirSearchParameter>()))
            .Where(e => e.Interaction is not null)
            .ToList();
        var profiles = profileSources.SelectMany(p => p.SupportedProfiles).ToLookup(p => p.ResourceType, p => p.Canonical);

        var rest = new CapabilityStatement.RestComponent
        {
            Mode = CapabilityStatement.RestfulCapabilityMode.Server,
            Security = new CapabilityStatement.SecurityComponent
            {
                Service = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR")],
                Description = "Bearer JWT with SMART v2 scopes; care_unit, care_provider and provider_kind claims (SVOD).",
            },
        };
        foreach (var group in byType.Where(e => e.Interaction!.ResourceType is not null).GroupBy(e => e.Interaction!.ResourceType!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var resource = new CapabilityStatement.ResourceComponent
            {
                Type = group.Key,
                Versioning = CapabilityStatement.ResourceVersionPolicy.Versioned,
                ReadHistory = group.Any(e => e.Interaction!.Interaction == "vread"),
                UpdateCreate = false,
                ConditionalCreate = group.Any(e => e.Interaction!.Interaction == "create"),
                ConditionalDelete = CapabilityStatement.ConditionalDeleteStatus.NotSupported,
                SupportedProfile = [.. profiles[group.Key].Distinct(StringComparer.Ordinal)],
            };
            foreach (var interaction in group.Select(e => e.Interaction!.Interaction).Distinct(StringComparer.Ordinal))
            {
                if (interaction.StartsWith('$'))
                {
                    resource.Operation.Add(new CapabilityStatement.OperationComponent
                    {
                        Name = interaction[1..],
                        Definition = $"http://hl7.org/fhir/OperationDefinition/Resource-{interaction[1..]}",
                    });
                }
                else if (Hl7.Fhir.Utility.EnumUtility.ParseLiteral<CapabilityStatement.TypeRestfulInteraction>(interaction) is { } code)
                {
                    resource.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = code });
                }
            }

            foreach (var parameter in group.SelectMany(e => e.Search).DistinctBy(p => p.Name))
            {
                resource.SearchParam.Add(new CapabilityStatement.SearchParamComponent
                {
                    Name = parameter.Name,
                    Type = Hl7.Fhir.Utility.EnumUtility.ParseLiteral<SearchParamType>(parameter.Type),
                    Documentation = parameter.Documentation,
                });
            }

            rest.Resource.Add(resource);
        }

        foreach (var operation in byType.Where(e => e.Interaction!.ResourceType is null && e.Interaction.Interaction.StartsWith('$'))
                     .Select(e => e.Interaction!.Interaction).Distinct(StringComparer.Ordinal))
        {
            rest.Operation.Add(new CapabilityStatement.OperationComponent
            {
                Name = operation[1..],
                Definition = $"http://hl7.org/fhir/OperationDefinition/Resource-{operation[1..]}",
            });
        }

        var version = typeof(CapabilityStatementApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.1.0";
        return new CapabilityStatement
        {
            Url = FhirSystems.Canonical + "/CapabilityStatement/journalgateway",
            Name = "JournalGateway",
            Title = "JournalGateway FHIR R4 API",
            Status = PublicationStatus.Active,
            Date = time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Publisher = "JournalGateway",
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "JournalGateway", Version = version.Split('+')[0] },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json", "application/fhir+xml", "json", "xml"],
            Rest = [rest],
        };
    }
}

/// <summary>A source of the profiles the gateway validates against, per resource type, for the CapabilityStatement.</summary>
public interface ISupportedProfiles
{
    IEnumerable<(string ResourceType, string Canonical)> SupportedProfiles { get; }
}
