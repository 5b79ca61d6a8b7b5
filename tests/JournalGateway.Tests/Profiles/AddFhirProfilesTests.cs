using JournalGateway.Fhir.Profiles;
using JournalGateway.Fhir.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JournalGateway.Tests.Profiles;

// The wiring without the web host (the lead is writing Program.cs): a plain service collection and its hosted services.
public class AddFhirProfilesTests
{
    [Fact]
    public async System.Threading.Tasks.Task StartAsync_MissingPackage_StopsWithAClearMessage()
    {
        await using var services = Build(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")));

        var ex = await Assert.ThrowsAsync<ProfilePackageException>(() => StartAllAsync(services));

        Assert.Contains("Fhir:ProfilesPath", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task StartAsync_Package_RegistersCatalogAndPool()
    {
        await using var services = Build(ProfileFixture.PackageDirectory);

        await StartAllAsync(services);

        var catalog = services.GetRequiredService<ProfileCatalog>();
        var pool = services.GetRequiredService<FhirValidatorPool>();
        Assert.Same(catalog, pool.Catalog);
        Assert.Equal(2, pool.Size);
        Assert.Contains(ProfileCanonicals.HslNote, catalog.ProfilesByType["Composition"]);
    }

    private static ServiceProvider Build(string profilesPath)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Fhir:ProfilesPath"] = profilesPath,
                ["Fhir:ValidatorPoolSize"] = "2",
                ["Fhir:WarmUp"] = "false",
            })
            .Build();
        return new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddFhirProfiles(configuration)
            .BuildServiceProvider();
    }

    private static async System.Threading.Tasks.Task StartAllAsync(IServiceProvider services)
    {
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
    }
}
