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
/// Validation of the standard note document, warm (every schema compiled and every value set expanded in setup):
/// the baseline is Firely's bare <see cref="Validator"/> on the core specification alone, as a peer server validates;
/// the gateway validates with its pool against its own profiles (<c>fhir-profiles/</c>), each entry against its profile.
/// The middle row is the gateway's pool on the core Bundle definition: it separates the pool from the profiles' cost.
/// One thread: the pool's size does not matter here.
/// </summary>
[MemoryDiagnoser]
public class ValidateBenchmarks
{
    private const string CoreBundle = "http://hl7.org/fhir/StructureDefinition/Bundle";

    private Bundle _document = null!;
    private Validator _bare = null!;
    private FhirValidatorPool _pool = null!;

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
        Require(_bare.Validate(_document, CoreBundle), "bare validator, core Bundle");
        Require(_pool.ValidateAsync(_document, CoreBundle).AsTask().GetAwaiter().GetResult(), "pool, core Bundle");
        Require(_pool.ValidateAsync(_document).AsTask().GetAwaiter().GetResult(), "pool, gateway profiles");
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();

    [Benchmark(Baseline = true, Description = "Firely Validator, core spec")]
    public OperationOutcome BareCore() => _bare.Validate(_document, CoreBundle);

    [Benchmark(Description = "Gateway pool, core Bundle")]
    public OperationOutcome PoolCore() => _pool.ValidateAsync(_document, CoreBundle).AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "Gateway pool, gateway profiles")]
    public OperationOutcome PoolProfiles() => _pool.ValidateAsync(_document).AsTask().GetAwaiter().GetResult();

    private static void Require(OperationOutcome outcome, string what)
    {
        var errors = outcome.Issue.Count(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
        if (errors > 0)
        {
            throw new InvalidOperationException($"The sample document does not validate ({what}): {errors} errors.");
        }
    }
}
