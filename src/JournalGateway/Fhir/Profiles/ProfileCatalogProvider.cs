using Microsoft.Extensions.Options;

namespace JournalGateway.Fhir.Profiles;

/// <summary>Loads the catalog once, on first use or at start (whichever comes first), and hands out that one instance.</summary>
public sealed class ProfileCatalogProvider(IOptions<FhirProfilesOptions> options, ILogger<ProfileCatalogProvider> logger)
{
    private readonly Lazy<Task<ProfileCatalog>> _catalog = new(() => LoadAsync(options.Value, logger));

    /// <summary>The loaded catalog; throws <see cref="ProfilePackageException"/> if the package is broken.</summary>
    public Task<ProfileCatalog> GetAsync() => _catalog.Value;

    private static async Task<ProfileCatalog> LoadAsync(FhirProfilesOptions options, ILogger logger)
    {
        var path = options.ResolvePath();
        var catalog = await ProfileCatalog.LoadAsync(path).ConfigureAwait(false);
        logger.LogInformation(
            "Loaded FHIR package {Package} {Version} ({Count} conformance resources) in {Elapsed} ms",
            catalog.PackageName, catalog.PackageVersion, catalog.ConformanceResources.Count, (long)catalog.LoadDuration.TotalMilliseconds);
        return catalog;
    }
}
