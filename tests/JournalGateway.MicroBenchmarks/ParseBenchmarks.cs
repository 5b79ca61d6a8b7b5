using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using JournalGateway.Fhir;
using JournalGateway.MicroBenchmarks.Support;

namespace JournalGateway.MicroBenchmarks;

/// <summary>
/// The first step of every write: the gateway's strict Firely deserializer on the standard note document, against
/// Firely's deserializer with its default settings (the cost of strictness), and the serializer for the answer.
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private readonly FhirSerialization _serialization = new();
    private readonly FhirJsonDeserializer _firelyDefault = new();
    private byte[] _document = [];
    private Bundle _parsed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _document = Samples.DocumentBytes();
        _parsed = _serialization.Parse<Bundle>(_document, FhirFormat.Json);
    }

    [Benchmark(Baseline = true, Description = "Firely deserializer, default settings")]
    public Resource FirelyDefault()
    {
        var reader = new Utf8JsonReader(_document);
        return _firelyDefault.DeserializeResource(ref reader);
    }

    [Benchmark(Description = "Gateway Parse (strict)")]
    public Resource GatewayStrict() => _serialization.Parse(_document, FhirFormat.Json);

    [Benchmark(Description = "Gateway Serialize (JSON)")]
    public byte[] GatewaySerialize() => _serialization.Serialize(_parsed, FhirFormat.Json);
}
