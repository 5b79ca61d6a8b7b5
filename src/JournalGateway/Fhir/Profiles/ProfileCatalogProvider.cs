using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace JournalGateway.Fhir.Profiles;

/// <summary>Loads the catalog once and hands out that one instance.</summary>
/// <remarks>
/// Loading takes seconds of CPU (core definitions, our snapshots, the checks), and readiness waits for it. So
/// <see cref="FhirProfilesServiceCollectionExtensions.AddFhirProfiles"/> starts it as soon as the services are
/// registered, on another core, while the host is still being built; the provider then picks up that load for its
/// folder. A catalog is immutable, so hosts in one process (tests) share the catalog of a folder.
/// </remarks>
public sealed class ProfileCatalogProvider(IOptions<FhirProfilesOptions> options, ILogger<ProfileCatalogProvider> logger)
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<ProfileCatalog>>> Loads = new(StringComparer.Ordinal);

    private readonly Lazy<Task<ProfileCatalog>> _catalog = new(() => LoadAsync(options.Value, logger));

    /// <summary>The loaded catalog; throws <see cref="ProfilePackageException"/> if the package is broken.</summary>
    public Task<ProfileCatalog> GetAsync() => _catalog.Value;

    /// <summary>Starts loading the package in <paramref name="packageDirectory"/> in the background, once per folder.</summary>
    internal static Task<ProfileCatalog> LoadOnce(string packageDirectory) =>
        Loads.GetOrAdd(
            Path.GetFullPath(packageDirectory),
            path => new Lazy<Task<ProfileCatalog>>(() => System.Threading.Tasks.Task.Run(() => ProfileCatalog.LoadAsync(path)))).Value;

    private static async Task<ProfileCatalog> LoadAsync(FhirProfilesOptions options, ILogger logger)
    {
        var catalog = await LoadOnce(options.ResolvePath()).ConfigureAwait(false);
        logger.LogInformation(
            "Loaded FHIR package {Package} {Version} ({Count} conformance resources) in {Elapsed} ms",
            catalog.PackageName, catalog.PackageVersion, catalog.ConformanceResources.Count, (long)catalog.LoadDuration.TotalMilliseconds);
        return catalog;
    }
}
