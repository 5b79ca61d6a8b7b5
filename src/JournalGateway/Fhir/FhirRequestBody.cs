using Hl7.Fhir.Model;
using JournalGateway.Errors;
using Microsoft.Extensions.Options;

namespace JournalGateway.Fhir;

/// <summary>Reads a FHIR resource from a request body: media type (415), size (413), syntax (400).</summary>
public sealed class FhirRequestBody(FhirSerialization serialization, IOptions<FhirApiOptions> options)
{
    public async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : Resource =>
        await ReadAsync(request, cancellationToken) as T
        ?? throw FhirProblem.Invalid($"This endpoint takes a {typeof(T).Name} resource.", "resourceType");

    public async Task<Resource> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var format = FhirFormats.ForRequestBody(request)
            ?? throw new FhirProblem(ProblemKind.UnsupportedMediaType,
                "Send the resource as application/fhir+json or application/fhir+xml.");

        var limit = options.Value.MaxRequestBodyBytes;
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        // Kestrel enforces the same limit; reading with a cap also covers chunked bodies and the test server.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw FhirProblem.Malformed("The request has no body.");
        }

        return serialization.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), format);
    }

    private static FhirProblem TooLarge(long limit) =>
        new(ProblemKind.PayloadTooLarge, $"The request body is larger than the gateway accepts ({limit} bytes).");
}
