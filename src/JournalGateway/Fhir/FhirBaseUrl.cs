using Microsoft.Extensions.Options;

namespace JournalGateway.Fhir;

/// <summary>The absolute base of the FHIR API as clients see it, for Location headers, fullUrls and paging links.</summary>
public static class FhirBaseUrl
{
    public static string Of(HttpRequest request)
    {
        var configured = request.HttpContext.RequestServices.GetRequiredService<IOptions<FhirApiOptions>>().Value.PublicBaseUrl;
        return configured is not null
            ? configured.ToString().TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}/fhir";
    }
}
