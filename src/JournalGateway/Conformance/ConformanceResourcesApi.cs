using Hl7.Fhir.Model;
using JournalGateway.Errors;
using JournalGateway.Fhir;
using JournalGateway.Fhir.Validation;

namespace JournalGateway.Conformance;

/// <summary>The gateway's own profiles, code systems and value sets, public: read by id and search by <c>url</c>.</summary>
public static class ConformanceResourcesApi
{
    private static readonly string[] Types = ["StructureDefinition", "CodeSystem", "ValueSet"];

    public static IEndpointRouteBuilder MapConformanceResources(this IEndpointRouteBuilder fhir)
    {
        foreach (var type in Types)
        {
            fhir.MapGet($"/{type}", (HttpRequest request, FhirValidatorPool pool) => Search(type, request, pool))
                .AllowAnonymous().Implements(type, "search-type")
                .Searches(new FhirSearchParameter("url", "uri", "The canonical URL."), new FhirSearchParameter("name", "string", "The computer-friendly name."));
            fhir.MapGet($"/{type}/{{id}}", (string id, FhirValidatorPool pool) =>
                    pool.Catalog.TryGetById(type, id, out var resource)
                        ? new FhirResult(StatusCodes.Status200OK, resource)
                        : throw FhirProblem.NotFound($"{type}/{id} is not known."))
                .AllowAnonymous().Implements(type, "read");
        }

        return fhir;
    }

    private static FhirResult Search(string type, HttpRequest request, FhirValidatorPool pool)
    {
        var search = SearchRequest.Parse(request, ["url", "name"], []);
        var url = request.Query["url"].ToString();
        var name = request.Query["name"].ToString();
        var matches = pool.Catalog.ConformanceResources
            .Where(r => r.TypeName == type)
            .Where(r => url.Length == 0 || (r as IVersionableConformanceResource)?.Url == url.Split('|')[0])
            .Where(r => name.Length == 0 || ((r as IVersionableConformanceResource)?.Name?.StartsWith(name, StringComparison.OrdinalIgnoreCase) ?? false))
            .ToList();
        var baseUrl = FhirBaseUrl.Of(request);
        return new FhirResult(StatusCodes.Status200OK, search.ToBundle(matches, r => ($"{baseUrl}/{type}/{r.Id}", r)));
    }
}
