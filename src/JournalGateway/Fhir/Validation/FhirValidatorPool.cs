using System.Collections.Concurrent;
using System.Diagnostics;
using Firely.Fhir.Validation;
using Firely.Fhir.Validation.Compilation;
using Canonical = Firely.Fhir.Validation.Canonical;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Terminology;
using JournalGateway.Fhir.Profiles;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JournalGateway.Fhir.Validation;

/// <summary>
/// Validates resources against our profiles with a pool of Firely validators. A <see cref="Validator"/> is not
/// thread-safe, so each call borrows one; about one per core keeps every core busy without one global lock. The
/// validators share the catalog's cached resolver, one compiled-schema cache and one terminology service, so the
/// expensive work (schema compilation, value set expansion) happens once for all of them.
/// </summary>
public sealed class FhirValidatorPool : IDisposable
{
    private readonly ConcurrentBag<Validator> _idle = [];
    private readonly SemaphoreSlim _slots;
    private readonly IElementSchemaResolver _schemas;
    private readonly ICodeValidationTerminologyService _terminology;
    private readonly ILogger _logger;
    private readonly MemoryCache _entryResults;
    private readonly DocumentValidation _documents;
    private bool _warmedUp;

    /// <param name="catalog">Our profiles and the core specification.</param>
    /// <param name="size">How many validations can run at once; 0 means one per processor.</param>
    /// <param name="logger">Where warm-up reports go.</param>
    /// <param name="cachedEntries">How many validated document entries are remembered (see <see cref="DocumentValidation"/>).</param>
    public FhirValidatorPool(ProfileCatalog catalog, int size = 0, ILogger<FhirValidatorPool>? logger = null, int cachedEntries = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cachedEntries);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Catalog = catalog;
        Size = size == 0 ? Environment.ProcessorCount : size;
        _slots = new SemaphoreSlim(Size, Size);
        _logger = logger ?? NullLogger<FhirValidatorPool>.Instance;

        // Shared by the pool's validators: a dictionary of compiled schemas, and terminology answers. Both let one
        // first use at a time touch the catalog's definitions, which other pools may be reading (see their remarks).
        // Firely marks the resolver experimental, but it is what Validator builds internally when given none; sharing
        // it means schemas compile once for the pool instead of once per validator (and warm-up warms them all).
#pragma warning disable ExperimentalApi
        _schemas = new MemoizingSchemaResolver(StructureDefinitionToElementSchemaResolver.CreatedCached(catalog.Resolver, [new GatewaySchemaBuilders(catalog.Resolver)]));
#pragma warning restore ExperimentalApi
        _terminology = new CachingTerminologyService(new LocalTerminologyService(catalog.Resolver));
        _entryResults = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, cachedEntries) });
        _documents = new DocumentValidation(_entryResults);
    }

    /// <summary>The catalog the validators resolve against.</summary>
    public ProfileCatalog Catalog { get; }

    /// <summary>How many validations can run at once.</summary>
    public int Size { get; }

    /// <summary>Whether <see cref="WarmUpAsync"/> has completed.</summary>
    public bool IsWarmedUp => Volatile.Read(ref _warmedUp);

    /// <summary>
    /// Validates <paramref name="resource"/> against <paramref name="profileCanonical"/>. Resources inside it (the
    /// entries of a document Bundle, contained resources) are validated against their own profile from
    /// <see cref="ProfileSelection"/>, each once. Returns one OperationOutcome with every issue and its FHIRPath
    /// expression; no issue of severity error or fatal means valid.
    /// </summary>
    public async ValueTask<OperationOutcome> ValidateAsync(Resource resource, string profileCanonical, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentException.ThrowIfNullOrEmpty(profileCanonical);

        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var validator = _idle.TryTake(out var idle) ? idle : CreateValidator();
        try
        {
            var outcome = resource is Bundle { Type: Bundle.BundleType.Document } document && profileCanonical == ProfileCanonicals.HslNoteDocument
                ? _documents.Validate(validator, document, profileCanonical, ProfileSelection.ProfileOrCoreFor)
                : validator.Validate(resource, profileCanonical);
            Normalise(outcome);
            return outcome;
        }
        finally
        {
            _idle.Add(validator);
            _slots.Release();
        }
    }

    /// <summary>Validates <paramref name="resource"/> against our profile for it (see <see cref="ProfileSelection"/>).</summary>
    public ValueTask<OperationOutcome> ValidateAsync(Resource resource, CancellationToken cancellationToken = default) =>
        ValidateAsync(resource, ProfileSelection.ProfileOrCoreFor(resource), cancellationToken);

    /// <summary>
    /// Validates each example of the package once, so that schema compilation and value set expansion happen
    /// before the first request. An example that does not validate is logged, not thrown: it is a test failure.
    /// </summary>
    public async Task<TimeSpan> WarmUpAsync(CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var deserializer = new FhirJsonDeserializer();
        var examples = Directory.Exists(Catalog.ExamplesDirectory)
            ? Directory.EnumerateFiles(Catalog.ExamplesDirectory, "*.json").Order(StringComparer.Ordinal).ToList()
            : [];
        foreach (var file in examples)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Resource example;
            try
            {
                example = deserializer.DeserializeResource(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false));
            }
            catch (DeserializationFailedException ex)
            {
                _logger.LogWarning("FHIR example {File} does not parse: {Message}", Path.GetFileName(file), ex.Message);
                continue;
            }

            var outcome = await ValidateAsync(example, cancellationToken).ConfigureAwait(false);
            var errors = outcome.Issue.Count(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
            if (errors > 0)
            {
                _logger.LogWarning("FHIR example {File} has {Errors} validation errors", Path.GetFileName(file), errors);
            }
        }

        Volatile.Write(ref _warmedUp, true);
        _logger.LogInformation(
            "FHIR validation warmed up with {Count} examples in {Elapsed} ms", examples.Count, stopwatch.ElapsedMilliseconds);
        return stopwatch.Elapsed;
    }

    public void Dispose()
    {
        _entryResults.Dispose();
        _slots.Dispose();
    }

    private Validator CreateValidator()
    {
        // Each validator gets its own settings object: the Validator writes its services into it.
        var settings = new ValidationSettings
        {
            SelectValidationProfiles = SelectProfiles,
        };
        return new Validator(Catalog.Resolver, _terminology, referenceResolver: null, settings, _schemas);
    }

    // Inner resources (bundle entries, contained) get our profile for their type whatever their meta.profile says;
    // the root is validated against the profile the caller passed, so its meta.profile is ignored too.
    private static Canonical[] SelectProfiles(string location, Canonical[] originalProfiles, PocoNode input, ValidationSettings settings)
    {
        // Stand-ins (see DocumentValidation) are checked against their core type only.
        if (input.Parent is null || input.Poco is not Resource resource || DocumentValidation.IsStandIn(resource))
        {
            return [];
        }

        return ProfileSelection.ProfileFor(resource) is { } profile ? [new Canonical(profile)] : [];
    }

    // Clients read issue.expression (FHIR R4 prefers it over the deprecated location); make sure every issue has it.
    private static void Normalise(OperationOutcome outcome)
    {
        foreach (var issue in outcome.Issue)
        {
            if (!issue.Expression.Any() && issue.Location.Any())
            {
                issue.Expression = issue.Location.ToList();
            }
        }
    }
}
