using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using JournalGateway.Core.Identifiers;
using JournalGateway.Core.Notes;
using JournalGateway.Fhir;
using JournalGateway.Fhir.Mapping;
using JournalGateway.MicroBenchmarks.Support;

namespace JournalGateway.MicroBenchmarks;

/// <summary>
/// The gateway's mapping: a document Bundle to the domain note (what a write stores and delivers), and a domain note
/// back to the Composition a read serves. No baseline: there is no cheaper way to do the same work to compare with.
/// </summary>
[MemoryDiagnoser]
public class MapBenchmarks
{
    private static readonly HsaId FallbackUnit = new("SE2120002080-E001");
    private static readonly DateTimeOffset LastUpdated = new(2026, 11, 20, 14, 6, 0, TimeSpan.FromHours(1));

    private Bundle _document = null!;
    private string _key = "";
    private HslNote _note = null!;

    [GlobalSetup]
    public void Setup()
    {
        _document = new FhirSerialization().Parse<Bundle>(Samples.DocumentBytes(), FhirFormat.Json);
        _key = NoteMapping.KeyOf(_document.Identifier) ?? throw new InvalidOperationException("The sample has no Bundle.identifier.");
        _note = NoteMapping.FromDocument(_document, _key, FallbackUnit);
    }

    [Benchmark(Description = "Bundle -> HslNote (FromDocument)")]
    public HslNote DocumentToNote() => NoteMapping.FromDocument(_document, _key, FallbackUnit);

    [Benchmark(Description = "HslNote -> Composition (ToComposition)")]
    public Composition NoteToComposition() =>
        CompositionMapping.ToComposition("0195a1c0-0000-7000-8000-000000000101", 1, LastUpdated, _note, "delivered");
}
