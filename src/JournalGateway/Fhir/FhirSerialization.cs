using System.Text;
using System.Text.Json;
using System.Xml;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using JournalGateway.Errors;

namespace JournalGateway.Fhir;

/// <summary>
/// Reads and writes FHIR resources with the Firely SDK's current serializers. Parsing is strict: unknown elements
/// and bad values come back as OperationOutcome issues, and XML never resolves a DTD or an external entity.
/// </summary>
public sealed class FhirSerialization
{
    private static readonly DeserializerSettings Strict = new DeserializerSettings().UsingMode(DeserializationMode.Strict);
    private static readonly XmlReaderSettings SafeXml = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        CloseInput = false,
    };

    // Keep Swedish letters and '+' in offsets readable; the output is still valid JSON, and never embedded in HTML.
    private static readonly JsonWriterOptions ReadableJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The writer options of <see cref="Serialize"/>, for JSON written around serialized resources.</summary>
    internal static JsonWriterOptions JsonWriterOptions => ReadableJson;

    private readonly FhirJsonDeserializer _jsonDeserializer = new(Strict);
    private readonly FhirXmlDeserializer _xmlDeserializer = new(Strict);
    private readonly FhirJsonSerializer _jsonSerializer = new();
    private readonly FhirXmlSerializer _xmlSerializer = new();

    /// <summary>Parses a resource; throws a 400 problem listing every issue when it cannot.</summary>
    public Resource Parse(ReadOnlySpan<byte> body, FhirFormat format)
    {
        Resource? resource;
        IEnumerable<CodedException>? issues;
        try
        {
            if (format == FhirFormat.Json)
            {
                var reader = new Utf8JsonReader(body);
                _jsonDeserializer.TryDeserializeResource(ref reader, out resource, out issues);
            }
            else
            {
                using var stream = new MemoryStream(body.ToArray());
                using var xml = XmlReader.Create(stream, SafeXml);
                _xmlDeserializer.TryDeserializeResource(xml, out resource, out issues);
            }
        }
        catch (Exception e) when (e is JsonException or XmlException or DeserializationFailedException or FormatException)
        {
            throw FhirProblem.Malformed($"The body is not a readable FHIR resource: {FirstLine(e.Message)}");
        }

        var problems = issues?.ToList() ?? [];
        if (resource is null || problems.Count > 0)
        {
            var outcome = problems.Count > 0
                ? problems.Select(ToIssue).ToList()
                : [FhirProblem.Issue(ProblemKind.Malformed, "The body is not a FHIR resource.")];
            throw new FhirProblem(ProblemKind.Malformed, outcome);
        }

        return resource;
    }

    public T Parse<T>(ReadOnlySpan<byte> body, FhirFormat format) where T : Resource =>
        Parse(body, format) as T ?? throw FhirProblem.Invalid($"Expected a {typeof(T).Name} resource.", "resourceType");

    public byte[] Serialize(Resource resource, FhirFormat format)
    {
        if (format == FhirFormat.Json)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
            using (var writer = new Utf8JsonWriter(buffer, ReadableJson))
            {
                _jsonSerializer.Serialize(resource, writer);
            }

            return buffer.WrittenSpan.ToArray();
        }

        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            _xmlSerializer.Serialize(resource, xml);
        }

        return stream.ToArray();
    }

    public string ToJson(Resource resource) => Encoding.UTF8.GetString(Serialize(resource, FhirFormat.Json));

    public T FromJson<T>(string json) where T : Resource => Parse<T>(Encoding.UTF8.GetBytes(json), FhirFormat.Json);

    private static OperationOutcome.IssueComponent ToIssue(CodedException exception)
    {
        var issue = FhirProblem.Issue(ProblemKind.Malformed, FirstLine(exception.Message));
        if (exception is ExtendedCodedException { InstancePath: { } path } && path.Length > 0)
        {
            issue.Expression = [path];
        }

        return issue;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
