using Microsoft.Net.Http.Headers;

namespace JournalGateway.Fhir;

/// <summary>The two FHIR wire formats the gateway speaks.</summary>
public enum FhirFormat
{
    Json,
    Xml,
}

/// <summary>Content negotiation by <c>_format</c>, <c>Accept</c> and <c>Content-Type</c>.</summary>
public static class FhirFormats
{
    public const string JsonMediaType = "application/fhir+json";
    public const string XmlMediaType = "application/fhir+xml";

    public static string MediaTypeOf(FhirFormat format) => format == FhirFormat.Xml ? XmlMediaType : JsonMediaType;

    /// <summary>The format of a response: <c>_format</c> wins over <c>Accept</c>; JSON by default.</summary>
    public static FhirFormat ForResponse(HttpRequest request)
    {
        if (request.Query.TryGetValue("_format", out var format) && FromName(format.ToString()) is { } chosen)
        {
            return chosen;
        }

        if (MediaTypeHeaderValue.TryParseList(request.Headers.Accept.Where(v => v is not null).Select(v => v!).ToList(), out var accepted))
        {
            foreach (var media in accepted.OrderByDescending(m => m.Quality ?? 1.0))
            {
                if (FromMediaType(media.MediaType.Value) is { } byAccept)
                {
                    return byAccept;
                }
            }
        }

        return FhirFormat.Json;
    }

    /// <summary>The format of a request body, or null when the media type is not one the gateway reads.</summary>
    public static FhirFormat? ForRequestBody(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var media) ? FromMediaType(media.MediaType.Value) : null;

    private static FhirFormat? FromName(string name) => name.ToLowerInvariant() switch
    {
        "json" => FhirFormat.Json,
        "xml" => FhirFormat.Xml,
        var other => FromMediaType(other),
    };

    private static FhirFormat? FromMediaType(string? mediaType) => mediaType?.ToLowerInvariant() switch
    {
        JsonMediaType or "application/json" or "application/json+fhir" or "text/json" => FhirFormat.Json,
        XmlMediaType or "application/xml" or "application/xml+fhir" or "text/xml" => FhirFormat.Xml,
        _ => null,
    };
}
