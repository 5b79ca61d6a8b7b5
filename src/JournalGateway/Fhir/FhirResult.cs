using System.Globalization;
using Hl7.Fhir.Model;

namespace JournalGateway.Fhir;

/// <summary>An HTTP answer carrying a FHIR resource, written in the format the client negotiated.</summary>
public sealed class FhirResult(int status, Resource? resource) : IResult, IStatusCodeHttpResult
{
    private readonly Dictionary<string, string> _headers = [];

    public int? StatusCode => status;

    public Resource? Resource => resource;

    public FhirResult WithHeader(string name, string value)
    {
        _headers[name] = value;
        return this;
    }

    /// <summary>Adds <c>ETag</c> and <c>Last-Modified</c> from the resource's meta.</summary>
    public FhirResult WithVersionHeaders(Resource versioned)
    {
        if (versioned.Meta?.VersionId is { } versionId)
        {
            WithHeader("ETag", $"W/\"{versionId}\"");
        }

        if (versioned.Meta?.LastUpdated is { } lastUpdated)
        {
            WithHeader("Last-Modified", lastUpdated.UtcDateTime.ToString("R", CultureInfo.InvariantCulture));
        }

        return this;
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        foreach (var (name, value) in _headers)
        {
            response.Headers[name] = value;
        }

        if (resource is null)
        {
            return;
        }

        var format = FhirFormats.ForResponse(httpContext.Request);
        var serialization = httpContext.RequestServices.GetRequiredService<FhirSerialization>();
        var body = serialization.Serialize(resource, format);
        response.ContentType = FhirFormats.MediaTypeOf(format) + "; charset=utf-8";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, httpContext.RequestAborted);
    }
}
