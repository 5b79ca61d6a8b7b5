using BenchmarkDotNet.Attributes;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using JournalGateway.Fhir;
using JournalGateway.Fhir.Profiles;
using JournalGateway.Fhir.Validation;
using JournalGateway.MicroBenchmarks.Support;

namespace JournalGateway.MicroBenchmarks;

/// <summary>
/// Validation of the standard note document, warm (every schema compiled and every value set expanded in setup).
/// The baseline is Firely's bare <see cref="Validator"/> on the core specification alone, as a peer server validates.
/// The gateway's pool validates a document entry by entry against its own profiles (<c>fhir-profiles/</c>) and
/// remembers entries it has validated, so three cases: a new note (the Composition differs each time, the patient,
/// author and units were seen before: the usual write), all entries new (the first note of a new patient by a new
/// author), and the pool on the core Bundle definition (the pool without the profiles). Each changed entry gets a new
/// <c>meta.lastUpdated</c>, which changes its content and so its cache key, and nothing a profile checks.
/// One thread: the pool's size does not matter here.
/// </summary>
[MemoryDiagnoser]
public class ValidateBenchmarks
{
    private const string CoreBundle = "http://hl7.org/fhir/StructureDefinition/Bundle";

    private Bundle _document = null!;
    private Validator _bare = null!;
    private FhirValidatorPool _pool = null!;
    private DateTimeOffset _stamp = new(2026, 11, 20, 14, 6, 0, TimeSpan.FromHours(1));

    [GlobalSetup]
    public void Setup()
    {
        _document = new FhirSerialization().Parse<Bundle>(Samples.DocumentBytes(), FhirFormat.Json);

        var core = new CachedResolver(ZipSource.CreateValidationSource());
        _bare = new Validator(core, new LocalTerminologyService(core));

        var catalog = ProfileCatalog.LoadAsync(Locate.Upwards("fhir-profiles")).GetAwaiter().GetResult();
        _pool = new FhirValidatorPool(catalog, size: 1);
        _pool.WarmUpAsync().GetAwaiter().GetResult();

        // Each path once before measuring, and a check that the sample is what we think it is.
        Require(BareCore(), "bare validator, core Bundle");
        Require(PoolCore(), "pool, core Bundle");
        Require(PoolNewNote(), "pool, gateway profiles, new note");
        Require(PoolAllEntriesNew(), "pool, gateway profiles, all entries new");
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();

    [Benchmark(Baseline = true, Description = "Firely Validator, core spec")]
    public OperationOutcome BareCore() => _bare.Validate(_document, CoreBundle);

    [Benchmark(Description = "Gateway pool, core Bundle")]
    public OperationOutcome PoolCore() => _pool.ValidateAsync(_document, CoreBundle).AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "Gateway pool, profiles, new note")]
    public OperationOutcome PoolNewNote()
    {
        Touch(_document.Entry[0].Resource!);
        return _pool.ValidateAsync(_document).AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "Gateway pool, profiles, all entries new")]
    public OperationOutcome PoolAllEntriesNew()
    {
        foreach (var entry in _document.Entry)
        {
            Touch(entry.Resource!);
        }

        return _pool.ValidateAsync(_document).AsTask().GetAwaiter().GetResult();
    }

    private void Touch(Resource resource)
    {
        _stamp = _stamp.AddMilliseconds(1);
        resource.Meta ??= new Meta();
        resource.Meta.LastUpdated = _stamp;
    }

    private static void Require(OperationOutcome outcome, string what)
    {
        var errors = outcome.Issue.Count(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
        if (errors > 0)
        {
            throw new InvalidOperationException($"The sample document does not validate ({what}): {errors} errors.");
        }
    }
}
