using JournalGateway.Fhir.Validation;
using Microsoft.Extensions.Options;

namespace JournalGateway.Fhir.Profiles;

public static class FhirProfilesServiceCollectionExtensions
{
    /// <summary>
    /// Registers the profile catalog (loaded and checked at start: a broken package stops the host with a message
    /// naming the file), the validator pool, and a background warm-up of the validators.
    /// Settings: <c>Fhir:ProfilesPath</c>, <c>Fhir:ValidatorPoolSize</c>, <c>Fhir:WarmUp</c>.
    /// </summary>
    public static IServiceCollection AddFhirProfiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FhirProfilesOptions>()
            .Bind(configuration.GetSection(FhirProfilesOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<ProfileCatalogProvider>();

        // Start loading now, while the rest of the host is built (see ProfileCatalogProvider); the provider takes
        // over this load when the folder it is finally configured with is the same.
        if ((configuration.GetSection(FhirProfilesOptions.SectionName).Get<FhirProfilesOptions>() ?? new FhirProfilesOptions()) is var early
            && Directory.Exists(early.ResolvePath()))
        {
            _ = ProfileCatalogProvider.LoadOnce(early.ResolvePath());
        }

        // After start the load has completed, so this never blocks a request.
        services.AddSingleton(sp => sp.GetRequiredService<ProfileCatalogProvider>().GetAsync().GetAwaiter().GetResult());
        services.AddSingleton(sp => new FhirValidatorPool(
            sp.GetRequiredService<ProfileCatalog>(),
            sp.GetRequiredService<IOptions<FhirProfilesOptions>>().Value.ValidatorPoolSize,
            sp.GetRequiredService<ILogger<FhirValidatorPool>>()));

        // Registered in this order: the catalog loads (or the host stops) before the warm-up starts.
        services.AddHostedService<ProfileCatalogStartup>();
        services.AddHostedService<FhirValidationWarmUp>();
        return services;
    }
}
