using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using CommunityToolkit.HighPerformance.Buffers;
using Hl7.Fhir.Model;

namespace JournalGateway.Fhir;

/// <summary>
/// A searchset answer. JSON is written directly: the envelope with <see cref="Utf8JsonWriter"/>, each match from its
/// already serialized form (<see cref="Utf8JsonWriter.WriteRawValue(ReadOnlySpan{byte}, bool)"/>), in the same shape
/// and order as the FHIR serializer writes a Bundle. XML goes through the Bundle object model and the serializer.
/// </summary>
internal sealed class SearchsetResult<T>(
    SearchRequest search,
    IReadOnlyList<T> all,
    Func<T, string> fullUrl,
    Func<T, Resource> resource,
    Func<T, byte[]> json,
    OperationOutcome? outcome) : IResult, IStatusCodeHttpResult
{
    // The FHIR serializer's form of an instant (Firely writes DateTimeOffset values this way).
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK";

    // Outcome entries repeat (the same counts of withheld notes, search after search): their JSON is kept, keyed by
    // what the issues say. Bounded: past the limit new ones are serialized each time and not kept.
    private const int MaxKeptOutcomes = 1024;
    private static readonly ConcurrentDictionary<string, byte[]> KeptOutcomes = new(StringComparer.Ordinal);

    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (FhirFormats.ForResponse(httpContext.Request) != FhirFormat.Json)
        {
            var bundle = search.ToBundle(all, item => (fullUrl(item), resource(item)));
            AddOutcome(bundle);
            return new FhirResult(StatusCodes.Status200OK, bundle).ExecuteAsync(httpContext);
        }

        return WriteJsonAsync(httpContext);
    }

    private async Task WriteJsonAsync(HttpContext httpContext)
    {
        var serialization = httpContext.RequestServices.GetRequiredService<FhirSerialization>();
        var page = search.Page(all).ToList();
        var matches = new byte[page.Count][];
        var size = 1024;
        for (var i = 0; i < page.Count; i++)
        {
            matches[i] = json(page[i]);
            size += matches[i].Length + 256;
        }

        using var buffer = new ArrayPoolBufferWriter<byte>(size);
        using (var writer = new Utf8JsonWriter(buffer, FhirSerialization.JsonWriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("resourceType", "Bundle");
            writer.WriteStartObject("meta");
            writer.WriteString("lastUpdated", search.Now().ToString(InstantFormat, CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteString("type", "searchset");
            writer.WriteNumber("total", all.Count);
            writer.WriteStartArray("link");
            foreach (var (relation, url) in search.Links(all.Count))
            {
                writer.WriteStartObject();
                writer.WriteString("relation", relation);
                writer.WriteString("url", url);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (page.Count > 0 || outcome is not null)
            {
                writer.WriteStartArray("entry");
                for (var i = 0; i < page.Count; i++)
                {
                    writer.WriteStartObject();
                    writer.WriteString("fullUrl", fullUrl(page[i]));
                    writer.WritePropertyName("resource");
                    // Written by the FHIR serializer into a buffer of our own: valid JSON, no need to check it again.
                    writer.WriteRawValue(matches[i], skipInputValidation: true);
                    WriteSearchMode(writer, "match");
                    writer.WriteEndObject();
                }

                if (outcome is not null)
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("resource");
                    writer.WriteRawValue(OutcomeJson(serialization, outcome), skipInputValidation: true);
                    WriteSearchMode(writer, "outcome");
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = FhirFormats.MediaTypeOf(FhirFormat.Json) + "; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted);
    }

    private static byte[] OutcomeJson(FhirSerialization serialization, OperationOutcome outcome)
    {
        // Only outcomes made of issue severity, code and diagnostics are kept; anything richer is serialized afresh.
        if (outcome.Id is not null || outcome.Meta is not null || outcome.Text is not null || outcome.Extension.Count > 0
            || outcome.Issue.Any(i => i.Details is not null || i.Expression.Any() || i.Location.Any() || i.Extension.Count > 0))
        {
            return serialization.Serialize(outcome, FhirFormat.Json);
        }

        var key = string.Join('\n', outcome.Issue.Select(i => $"{i.Severity}|{i.Code}|{i.Diagnostics}"));
        if (KeptOutcomes.TryGetValue(key, out var json))
        {
            return json;
        }

        json = serialization.Serialize(outcome, FhirFormat.Json);
        if (KeptOutcomes.Count < MaxKeptOutcomes)
        {
            KeptOutcomes.TryAdd(key, json);
        }

        return json;
    }

    private static void WriteSearchMode(Utf8JsonWriter writer, string mode)
    {
        writer.WriteStartObject("search");
        writer.WriteString("mode", mode);
        writer.WriteEndObject();
    }

    private void AddOutcome(Bundle bundle)
    {
        if (outcome is not null)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { Resource = outcome, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Outcome } });
        }
    }
}
